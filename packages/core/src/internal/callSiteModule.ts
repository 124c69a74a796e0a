/**
 * Finds the user module that defines an actor or task from the call stack of
 * `@actor` / `task()`: the first frame whose file is not rayx's own. It reads V8's
 * structured call sites, whose file is the one that really ran (a `.js` file under
 * `--enable-source-maps`, the `.ts` file under tsx) — never a source-mapped name —
 * and tells rayx's frames by package identity, so it holds in workspaces, `file:` and
 * tarball installs alike. The answer is a `file://` URL, what a worker passes to `import()`.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CallSiteError } from "../errors.js";

/** Enough frames to get past decorator and wrapper layers to the user's code. */
const STACK_FRAMES = 50;

/** The runtime's packages: their `src/` and `dist/` frames are never the user's. */
const RAYX_PACKAGES: ReadonlySet<string> = new Set([
  "@rayx/gcs",
  "@rayx/dashboard",
  "@rayx/objectstore",
  "@rayx/actors",
  "@rayx/core",
  "@rayx/cli",
]);

/** The name and root of the package that holds each directory looked at so far. */
const packageOfDir = new Map<string, { readonly name: string; readonly root: string } | null>();

function packageOf(dir: string): { readonly name: string; readonly root: string } | null {
  const known = packageOfDir.get(dir);
  if (known !== undefined) return known;
  let found: { name: string; root: string } | null;
  try {
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
      name?: unknown;
    };
    found = { name: typeof manifest.name === "string" ? manifest.name : "", root: dir };
  } catch {
    const parent = dirname(dir);
    found = parent === dir ? null : packageOf(parent);
  }
  packageOfDir.set(dir, found);
  return found;
}

/**
 * True when `path` is a source or build file of one of rayx's runtime packages (its
 * tests and fixtures, and apps named `@rayx/app-…`, are user code).
 */
export function isRayxFile(path: string): boolean {
  const owner = packageOf(dirname(path));
  if (owner === null || !RAYX_PACKAGES.has(owner.name)) return false;
  const top = relative(owner.root, path).split(sep)[0];
  return top === "src" || top === "dist";
}

/** A call site's file as a path; `undefined` for `node:`, native, eval and `data:` frames. */
export function framePath(fileName: string | null | undefined): string | undefined {
  if (fileName === null || fileName === undefined) return undefined;
  if (fileName.startsWith("file://")) return fileURLToPath(fileName);
  return fileName.startsWith("/") ? fileName : undefined;
}

/**
 * The `file://` URL of the module that called into rayx: the first of `files` (the
 * current stack's call-site files by default) that names a file and is not rayx's
 * (`isRayx`, by package identity by default). Throws `CallSiteError` when none is.
 *
 * @example
 * // inside task(fn): remember where fn is defined, so a worker can import it
 * const module = options.module ?? callSiteModule();
 */
export function callSiteModule(
  files: readonly (string | null | undefined)[] = callSiteFiles(),
  isRayx: (path: string) => boolean = isRayxFile,
): string {
  for (const file of files) {
    const path = framePath(file);
    if (path !== undefined && !isRayx(path)) return pathToFileURL(path).href;
  }
  throw new CallSiteError("no stack frame outside rayx's packages names a file");
}

/** The file of each frame of the current stack (its caller's first), as V8 ran it. */
function callSiteFiles(): (string | null | undefined)[] {
  const limit = Error.stackTraceLimit;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was, never called here
  const prepare = Error.prepareStackTrace;
  // Our own formatter for this one capture: it sees the raw call sites, before any
  // source-map translation that --enable-source-maps or tsx would apply to text stacks.
  Error.stackTraceLimit = STACK_FRAMES;
  Error.prepareStackTrace = (_error, sites) => sites;
  try {
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, callSiteFiles);
    return (holder.stack ?? []).map((site) => site.getFileName());
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}
