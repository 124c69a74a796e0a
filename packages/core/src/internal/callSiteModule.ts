/**
 * Finds the user module that defines an actor or task from the call stack of
 * `@actor` / `task()`: the first stack frame outside rayx's own packages. Under tsx a
 * frame names a plain path, under compiled JS a `file://` URL; both are accepted and
 * the answer is always a `file://` URL, what a worker passes to `import()`.
 */
import { dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CallSiteError } from "../errors.js";

/** Enough frames to get past decorator and wrapper layers to the user's code. */
const STACK_FRAMES = 50;

/** `at fn (LOCATION:line:col)` or `at LOCATION:line:col`, where LOCATION may hold spaces or parens. */
const FRAME = /^\s*at (?:.*? \()?(.+?):\d+:\d+\)?$/;

function packageDirs(): readonly string[] {
  const dirs = [fileURLToPath(new URL("..", import.meta.url))];
  try {
    dirs.push(dirname(fileURLToPath(import.meta.resolve("@rayx/actors"))) + "/");
  } catch {
    // @rayx/actors not installed beside core: only core's own frames are skipped.
  }
  return dirs;
}

/** Source directories of the rayx packages whose frames are not the user's (core's, actors'). */
export const RAYX_SOURCE_DIRS: readonly string[] = packageDirs();

/** The file a stack line points at, as a path; `undefined` for `node:`, native and eval frames. */
export function stackFramePath(line: string): string | undefined {
  const location = FRAME.exec(line)?.[1];
  if (location === undefined) return undefined;
  if (location.startsWith("file://")) return fileURLToPath(location);
  return location.startsWith("/") ? location : undefined;
}

/**
 * The `file://` URL of the module that called into rayx: the first frame of `stack`
 * (defaults to the current stack) whose file is not under one of `skipDirs` (defaults
 * to rayx's own source directories). Throws `CallSiteError` when there is none.
 *
 * @example
 * // inside task(fn): remember where fn is defined, so a worker can import it
 * const module = options.module ?? callSiteModule();
 */
export function callSiteModule(
  stack: string = currentStack(),
  skipDirs: readonly string[] = RAYX_SOURCE_DIRS,
): string {
  for (const line of stack.split("\n")) {
    const path = stackFramePath(line);
    if (path !== undefined && !skipDirs.some((dir) => path.startsWith(dir))) {
      return pathToFileURL(path).href;
    }
  }
  throw new CallSiteError("no stack frame outside rayx names a file");
}

function currentStack(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = STACK_FRAMES;
  try {
    return new Error().stack ?? "";
  } finally {
    Error.stackTraceLimit = limit;
  }
}
