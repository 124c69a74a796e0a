/**
 * The worker side of "a user module defines actors and tasks": imports a module by
 * its URL and takes one export by name, with errors that say which module, which
 * export, and what to change. Found exports are cached, so a task called a million
 * times imports its module once. A `.ts` module gets its project's TypeScript loader
 * first when the worker runs without one (`typeScriptLoader`).
 */
import { existsSync } from "node:fs";
import { isAbsolute } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ExportKindError, ExportNotFoundError, ModuleLoadError } from "../errors.js";
import { ensureTypeScriptLoader } from "./typeScriptLoader.js";

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- a user's function or class, called dynamically
export type Exported = Function;

const cache = new Map<string, Exported>();

/** `module` as a `file://` URL; a plain absolute path (as tsx prints them) is accepted too. */
export function moduleUrl(module: string): string {
  if (module.startsWith("file://")) return module;
  if (isAbsolute(module)) return pathToFileURL(module).href;
  throw new ModuleLoadError(module, "expected a file:// URL or an absolute path (import.meta.url)");
}

/**
 * The function or class exported as `exportName` by `module` (a `file://` URL or an
 * absolute path). Throws `ModuleLoadError`, `ExportNotFoundError` or `ExportKindError`.
 */
export async function loadExport(module: string, exportName: string): Promise<Exported> {
  const key = `${module}#${exportName}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const url = moduleUrl(module);
  const path = fileURLToPath(url);
  if (!existsSync(path)) {
    throw new ModuleLoadError(url, "no such file (workers import user modules from the same path)");
  }
  await ensureTypeScriptLoader(url, path);
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new ModuleLoadError(url, `it threw while loading: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!(exportName in namespace)) {
    throw new ExportNotFoundError(url, exportName, Object.keys(namespace));
  }
  const value = namespace[exportName];
  if (typeof value !== "function") {
    throw new ExportKindError(url, exportName, value === null ? "null" : `a ${typeof value}`);
  }
  cache.set(key, value);
  return value;
}
