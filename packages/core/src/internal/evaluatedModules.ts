/**
 * The modules known to have finished evaluating, with their namespaces: `main()`
 * runs its body once the program's module has, so a `task()` made in that module from
 * then on — inside the body, never at its top level — is refused where it is made (a
 * worker importing the module would not find it).
 */
import { moduleUrl } from "./loadExport.js";

const namespaces = new Map<string, Readonly<Record<string, unknown>>>();

/**
 * Resolves once `module` (which may be evaluating now) has finished evaluating, and
 * remembers its namespace; resolves too when it failed to load (that reports itself).
 */
export async function watchEvaluation(module: string): Promise<void> {
  try {
    namespaces.set(module, (await import(moduleUrl(module))) as Record<string, unknown>);
  } catch {
    // A module that fails to load reports its own error.
  }
}

/** `module`'s namespace if it is known to have finished evaluating, else `undefined`. */
export function evaluatedNamespace(module: string): Readonly<Record<string, unknown>> | undefined {
  return namespaces.get(module);
}
