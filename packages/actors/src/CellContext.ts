/**
 * Where a runtime keeps "the call whose code runs now" across `await`s, so that
 * `ActorCell.current()` and the outgoing calls a logged call records stay right after
 * a method's first `await`. Node's `AsyncLocalStorage<object>` is one; the kernel
 * takes it from the runtime rather than importing `node:async_hooks`, so code that
 * never installs one pays nothing per call or per `await`.
 */

/**
 * @example
 * ```ts
 * import { AsyncLocalStorage } from "node:async_hooks";
 * ActorCell.trackAcrossAwaits(new AsyncLocalStorage<object>());
 * ```
 */
export interface CellContext {
  /**
   * Runs `fn` with `scope` (the kernel's) as the store of everything `fn` starts, across
   * `await`s. `fn` is a method starting to run; `scope.args` is the argument array the
   * call was made with (`apply`'s), by which a runtime can find its own data for the call.
   */
  run<R>(scope: object, fn: () => R): R;
  /** The scope of the call whose code runs now, if any. */
  getStore(): object | undefined;
}
