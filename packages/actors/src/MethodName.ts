/**
 * Types that let `cell.call(method, ...args)` check the method name, its
 * arguments and its result against the actor's class.
 */

type Method = (...args: never[]) => unknown;

/** Names of `T`'s methods. */
export type MethodName<T> = { [K in keyof T]: T[K] extends Method ? K : never }[keyof T] & string;

/** Parameters of method type `F`. */
export type MethodParams<F> = F extends (...args: infer A) => unknown ? A : never;

/** What a call of method type `F` resolves to. */
export type MethodResult<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;
