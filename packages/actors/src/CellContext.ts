/**
 * Where a runtime keeps "the cell whose call is running" across `await`s, so that
 * `ActorCell.current()` (and the outgoing calls a logged call records) stays right
 * after a method's first `await`. Node's `AsyncLocalStorage<ActorCell>` is one; the
 * kernel takes it from the runtime rather than importing `node:async_hooks`, so code
 * that never installs one pays nothing per call or per `await`.
 */
import type { ActorCell } from "./ActorCell.js";

/**
 * @example
 * ```ts
 * import { AsyncLocalStorage } from "node:async_hooks";
 * ActorCell.trackAcrossAwaits(new AsyncLocalStorage<ActorCell>());
 * ```
 */
export interface CellContext {
  /** Runs `fn` with `cell` as the store of everything `fn` starts, across `await`s. */
  run<R>(cell: ActorCell, fn: () => R): R;
  /** The cell of the call whose code runs now, if any. */
  getStore(): ActorCell | undefined;
}
