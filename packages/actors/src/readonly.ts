/**
 * `@readonly()`: marks an actor method that does not change the actor's state.
 * Its calls are not written to the call log and are not replayed on a rebuild.
 */
import { READONLY_METHODS } from "./internal/ActorDefinition.js";

/**
 * Method decorator (TC39 standard). Only mark methods that do not mutate state:
 * a mutation inside a readonly method is lost when the actor is rebuilt.
 *
 * @example
 * ```ts
 * @actor()
 * class Counter {
 *   count = 0;
 *   add(n: number) { return (this.count += n); }
 *   @readonly() read() { return this.count; }
 * }
 * ```
 */
export function readonly() {
  return function (_method: unknown, context: ClassMethodDecoratorContext): void {
    const metadata = context.metadata;
    // A subclass's metadata inherits its parent's: copy before adding, never mutate the parent's set.
    if (!Object.hasOwn(metadata, READONLY_METHODS)) {
      metadata[READONLY_METHODS] = new Set(metadata[READONLY_METHODS] as Set<string> | undefined);
    }
    (metadata[READONLY_METHODS] as Set<string>).add(String(context.name));
  };
}
