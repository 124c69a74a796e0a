/**
 * Finds the name under which a module exports a class or function, so a worker can
 * import it by name. The driver has already imported the module (that is where the
 * value came from), so the import here is a cache hit.
 */
import { InvalidArgumentError } from "../errors.js";
import { moduleUrl } from "./loadExport.js";

const names = new WeakMap<object, string>();

export async function exportNameOf(module: string, value: object, what: string): Promise<string> {
  const known = names.get(value);
  if (known !== undefined) return known;
  const namespace = (await import(moduleUrl(module))) as Record<string, unknown>;
  const name = Object.keys(namespace).find((key) => namespace[key] === value);
  if (name === undefined) {
    throw new InvalidArgumentError(
      `${what} is not exported from ${module}: add \`export\` to its declaration ` +
        `(workers import it from that module by name)`,
    );
  }
  names.set(value, name);
  return name;
}
