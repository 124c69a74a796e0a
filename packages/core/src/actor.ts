/**
 * `@actor()` as users import it from `@rayx/core`: the kernel's decorator, plus the
 * one thing a runtime of many processes needs — which module defines the class, so
 * a worker can import it (found from the decorator's call site, or given as `module`).
 */
import { actor as kernelActor } from "@rayx/actors";
import type { ActorOptions } from "@rayx/actors";
import { callSiteModule } from "./internal/callSiteModule.js";

const definingModules = new WeakMap<object, string>();

/** `@actor`'s options: the kernel's `ActorOptions`, and where the class is defined. */
export interface CoreActorOptions extends ActorOptions {
  /** The module that defines (and exports) the class; defaults to the decorator's call site. */
  readonly module?: string;
}

/**
 * Makes a class an actor (TC39 standard decorator). Export the class from its module:
 * workers import it from there.
 *
 * @example
 * @actor()
 * export class Counter {
 *   count = 0;
 *   add(n: number) { return (this.count += n); }
 *   @readonly() read() { return this.count; }
 * }
 */
export function actor(options: CoreActorOptions = {}) {
  const { module, ...kernelOptions } = options;
  const where = module ?? callSiteModule();
  const decorate = kernelActor(kernelOptions);
  return function <C extends abstract new (...args: never[]) => object>(
    Class: C,
    context: ClassDecoratorContext<C>,
  ): void {
    decorate(Class, context);
    definingModules.set(Class, where);
  };
}

/** The module that defines an `@actor` class, if `@actor` from `@rayx/core` decorated it. */
export function definingModuleOf(Class: object): string | undefined {
  return definingModules.get(Class);
}
