/**
 * The types that tie an actor class to its constructor arguments: `spawn(Class, args)`
 * and a supervised child's `{ actor, args }` must give what the constructor takes (and
 * may leave `args` out only when every parameter is optional), checked by `tsc`.
 */

/** A class `spawn()` can start (it needs `@actor()` at run time). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any constructor; ConstructorParameters reads the real ones
export type ActorClass = new (...args: any) => object;

/** The constructor arguments of `C`, as `spawn(C, args)` takes them. */
export type ActorArgs<C extends ActorClass> = ConstructorParameters<C>;

/** `true` when `C` can be constructed with no arguments, else `false`. */
export type TakesNoArgs<C extends ActorClass> = [] extends ActorArgs<C> ? true : false;
