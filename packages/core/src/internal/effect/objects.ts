/**
 * The object side of the Effect face: `remote` (run a task), `get`, `put`, `wait`
 * and `cancel`, each the promise API's operation as an `Effect` whose documented
 * rayx errors are typed failures. What interruption does is stated per operation.
 */
import { Effect } from "effect";
import {
  ActorDiedError,
  GetTimeoutError,
  InfeasibleResourcesError,
  ObjectLostError,
  SerializationError,
  TaskCancelledError,
  TaskError,
  WorkerDiedError,
  cancel as cancelPromise,
  get as getPromise,
  put as putPromise,
  wait as waitPromise,
} from "../../index.js";
import type {
  CancelOptions,
  GetOptions,
  ObjectRef,
  RemoteArgs,
  RemoteFunction,
  WaitOptions,
} from "../../index.js";
import { fromPromise, fromSync } from "./fromPromise.js";
import { withRayx } from "./Rayx.js";
import type { Rayx } from "./Rayx.js";

/** Why the value of a ref could not be had. */
export const GET_FAILURES = [
  TaskError,
  GetTimeoutError,
  TaskCancelledError,
  ObjectLostError,
  ActorDiedError,
  WorkerDiedError,
] as const;

/** The typed failures of `get`: the task or method threw (`TaskError`), the wait timed out, the task was cancelled, the object or its actor or worker is gone. */
export type GetError = InstanceType<(typeof GET_FAILURES)[number]>;

/** The typed failures of `remote`: those of `get`, plus arguments that cannot be sent or resources no node has. */
export type RemoteError = GetError | SerializationError | InfeasibleResourcesError;

/**
 * The value of a ref (or of each ref of an array). Interruption stops the wait and
 * cancels nothing: the ref may be shared, and its task goes on.
 *
 * @example
 * const value = yield* get(ref, { timeoutMs: 5_000 }); // fails with GetTimeoutError after 5 s
 */
export function get<T>(ref: ObjectRef<T>, options?: GetOptions): Effect.Effect<T, GetError, Rayx>;
export function get<T>(
  refs: readonly ObjectRef<T>[],
  options?: GetOptions,
): Effect.Effect<T[], GetError, Rayx>;
export function get<T>(
  refs: ObjectRef<T> | readonly ObjectRef<T>[],
  options: GetOptions = {},
): Effect.Effect<T | T[], GetError, Rayx> {
  return withRayx(
    fromPromise(GET_FAILURES, (): Promise<T | T[]> =>
      Array.isArray(refs)
        ? getPromise(refs as readonly ObjectRef<T>[], options)
        : getPromise(refs as ObjectRef<T>, options),
    ),
  );
}

/**
 * Runs a task (`task()`'s remote function) with `args` when the effect runs, and
 * succeeds with its result. The effect owns the task: interruption cancels it (not
 * forced: a running task finishes unobserved). For a ref to pass on instead of the
 * value, call `fn.remote(...)` in `Effect.sync`.
 *
 * @example
 * const [a, b] = yield* Effect.all([remote(square, 2), remote(square, 3)], { concurrency: 2 }); // [4, 9]
 */
export function remote<F extends (...args: never[]) => unknown>(
  fn: RemoteFunction<F>,
  ...args: RemoteArgs<Parameters<F>>
): Effect.Effect<Awaited<ReturnType<F>>, RemoteError, Rayx> {
  return withRayx(
    // Each run submits its own task, so the ref to cancel is per run.
    Effect.suspend(() => {
      let ref: ObjectRef<Awaited<ReturnType<F>>> | undefined;
      return fromPromise(
        [...GET_FAILURES, SerializationError, InfeasibleResourcesError],
        () => {
          ref = fn.remote(...args);
          return getPromise(ref);
        },
        { onInterrupt: () => (ref === undefined ? Promise.resolve() : cancelPromise(ref)) },
      );
    }),
  );
}

/**
 * Stores `value` in the node's object store and succeeds with its ref; fails with
 * `SerializationError` (naming the path) for a value that cannot be stored.
 *
 * @example
 * const weights = yield* put(new Float64Array(1_000_000));
 * const total = yield* remote(sum, weights); // the task reads it from shared memory
 */
export function put<T>(value: T): Effect.Effect<ObjectRef<T>, SerializationError, Rayx> {
  return withRayx(fromSync([SerializationError], () => putPromise(value)));
}

/**
 * Waits until `numReturns` of `refs` are ready (or `timeoutMs` passed) and splits
 * them. It has no typed failure; interruption stops the wait only.
 *
 * @example
 * const { ready, pending } = yield* wait(refs, { numReturns: 2, timeoutMs: 1_000 });
 */
export function wait<T>(
  refs: readonly ObjectRef<T>[],
  options?: WaitOptions,
): Effect.Effect<{ ready: ObjectRef<T>[]; pending: ObjectRef<T>[] }, never, Rayx> {
  return withRayx(fromPromise([], () => waitPromise(refs, options)));
}

/**
 * Cancels the task producing `ref` (`force` kills its worker); a `get` of it then
 * fails with `TaskCancelledError`. It has no typed failure.
 *
 * @example
 * yield* cancel(ref, { force: true });
 */
export function cancel(ref: ObjectRef, options?: CancelOptions): Effect.Effect<void, never, Rayx> {
  return withRayx(fromPromise([], () => cancelPromise(ref, options)));
}
