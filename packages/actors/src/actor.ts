/**
 * `@actor(options?)`: the class decorator that makes a class an actor. It records
 * the class's options and `@readonly` methods once, at class definition, so that
 * starting a cell reads a ready definition instead of re-parsing options.
 */
import type { ActorOptions } from "./ActorOptions.js";
import { defineActor, READONLY_METHODS } from "./internal/ActorDefinition.js";

/**
 * Marks a class as an actor (TC39 standard decorator). Options are checked here,
 * so a bad option fails when the module loads, not when the actor starts.
 *
 * @example
 * ```ts
 * @actor({ name: "counter", maxConcurrency: 1, onError: "restart" })
 * class Counter {
 *   count = 0;
 *   add(n: number) { return (this.count += n); }
 *   @readonly() read() { return this.count; }
 * }
 * ```
 */
export function actor(options: ActorOptions = {}) {
  return function <C extends abstract new (...args: never[]) => object>(
    Class: C,
    context: ClassDecoratorContext<C>,
  ): void {
    const readonlyMethods = context.metadata[READONLY_METHODS] as ReadonlySet<string> | undefined;
    defineActor(Class, options, readonlyMethods ?? new Set());
  };
}
