/**
 * Lets a worker import a job's TypeScript modules when it was not started with a
 * TypeScript loader — a head or joined node started by the installed `rayx` CLI runs on
 * plain node, yet `rayx run src/main.ts` sends it `.ts` modules. Before the first such
 * import the worker registers the loader of the module's own project (its `tsx`, the
 * one its driver ran with), as `node --import tsx` would have.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { ModuleLoadError } from "../errors.js";

const TYPESCRIPT = /\.(?:[mc]?ts|tsx)$/;

/** True once this process can import `.ts`: started with a loader, or one registered here. */
let ready = process.execArgv.some((flag) => /\btsx\b|ts-node|@swc-node/.test(flag));

/** True when `path` is a TypeScript file (`.ts`, `.mts`, `.cts`, `.tsx`). */
export function isTypeScript(path: string): boolean {
  return TYPESCRIPT.test(path);
}

/**
 * Makes sure this process can import the TypeScript module `url`: registers the `tsx`
 * that the module's project installed, once per process. Throws `ModuleLoadError` (with
 * the fix) when the project has none. Does nothing for JavaScript modules.
 */
export async function ensureTypeScriptLoader(url: string, path: string): Promise<void> {
  if (ready || !isTypeScript(path)) return;
  let entry: string;
  try {
    entry = createRequire(url).resolve("tsx");
  } catch {
    throw new ModuleLoadError(
      url,
      "it is TypeScript and this worker has no TypeScript loader: install tsx in the " +
        "project that holds it (`npm i -D tsx`), or compile it and run the .js",
    );
  }
  // tsx's main entry registers its hooks, exactly what `node --import tsx` runs.
  await import(pathToFileURL(entry).href);
  ready = true;
}
