/**
 * `put`, `get`, `wait` and `cancel`: the object side of the API. Refs are values;
 * these functions read, await, poll and cancel what they stand for.
 */
import { InvalidArgumentError } from "./errors.js";
import { clusterClient } from "./internal/clusterClient.js";
import { ObjectRef } from "./ObjectRef.js";

/**
 * Stores `value` in the node's object store and returns its ref at once. Throws
 * `SerializationError` (naming the path) for a value that cannot be stored.
 *
 * @example
 * const weights = put(new Float64Array(1_000_000));
 * await train.remote(weights); // the task reads it from shared memory
 */
export function put<T>(value: T): ObjectRef<T> {
  return new ObjectRef<T>(clusterClient().put(value));
}

export interface GetOptions {
  /** Fail with `GetTimeoutError` after this many ms; defaults to waiting forever. */
  readonly timeoutMs?: number;
  /**
   * The caller only reads the value: typed arrays of 16 MiB or more on this host come
   * back as zero-copy views on the object store's shared pages instead of copies of
   * its own. Never write into them (every reader would see it). Defaults to `false`:
   * a value got from the store is the caller's to change.
   */
  readonly zeroCopy?: boolean;
}

function refOf(value: unknown, where: string): ObjectRef {
  if (!(value instanceof ObjectRef)) {
    const what = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
    throw new InvalidArgumentError(
      `${where} takes an ObjectRef (from put(), a task's .remote() or an actor call), not ${what}`,
    );
  }
  return value;
}

/**
 * The value of a ref, or of each ref of an array. Rejects with `TaskError` (the
 * remote error as its `cause`), `GetTimeoutError`, `TaskCancelledError`, `ActorDiedError`.
 *
 * @example
 * const [a, b] = await get([square.remote(2), square.remote(3)], { timeoutMs: 5_000 });
 */
export async function get<T>(ref: ObjectRef<T>, options?: GetOptions): Promise<T>;
export async function get<T>(refs: readonly ObjectRef<T>[], options?: GetOptions): Promise<T[]>;
export async function get(refs: unknown, options: GetOptions = {}): Promise<unknown> {
  const client = clusterClient();
  if (Array.isArray(refs)) {
    const list = refs.map((ref, i) => refOf(ref, `get(refs): refs[${i}]`));
    return Promise.all(list.map((ref) => client.get(ref.id, options.timeoutMs, options.zeroCopy)));
  }
  return client.get(refOf(refs, "get()").id, options.timeoutMs, options.zeroCopy);
}

export interface WaitOptions {
  /** How many refs must be ready; defaults to 1. */
  readonly numReturns?: number;
  /** Return what is ready after this many ms; defaults to waiting until `numReturns` are ready. */
  readonly timeoutMs?: number;
}

/**
 * Waits until `numReturns` of `refs` are ready (or `timeoutMs` passed) and splits
 * them, each list in the order given.
 *
 * @example
 * const { ready, pending } = await wait(refs, { numReturns: 2, timeoutMs: 1_000 });
 */
export async function wait<T>(
  refs: readonly ObjectRef<T>[],
  options: WaitOptions = {},
): Promise<{ ready: ObjectRef<T>[]; pending: ObjectRef<T>[] }> {
  const client = clusterClient();
  if (!Array.isArray(refs)) throw new InvalidArgumentError("wait() takes an array of ObjectRefs");
  const list = refs.map((ref, i) => refOf(ref, `wait(refs): refs[${i}]`) as ObjectRef<T>);
  const result = await client.wait(
    list.map((ref) => ref.id),
    options.numReturns ?? 1,
    options.timeoutMs,
  );
  const ready = new Set(result.ready);
  return {
    ready: list.filter((ref) => ready.has(ref.id)),
    pending: list.filter((ref) => !ready.has(ref.id)),
  };
}

export interface CancelOptions {
  /** Kill the worker running the task instead of letting it finish unobserved; defaults to `false`. */
  readonly force?: boolean;
}

/**
 * Cancels the task producing `ref`: a pending task is dropped, a running one's result
 * is discarded (or its worker killed with `force`); `get(ref)` then rejects with
 * `TaskCancelledError`. Cancelling a finished task does nothing.
 *
 * @example
 * const ref = slow.remote();
 * await cancel(ref);
 */
export async function cancel(ref: ObjectRef, options: CancelOptions = {}): Promise<void> {
  await clusterClient().cancel(refOf(ref, "cancel()").id, options.force ?? false);
}
