/**
 * The node manager's table of objects it produced or was told about: each object's
 * outcome once known (inline bytes, an id in the object store, a value `put` in the
 * driver, or the error that failed it), and the waiters for it. An id it does not
 * know is looked up in the node's object store (a worker may have put it there).
 */
import { ObjectLostError } from "@rayx/objectstore";
import type { ObjectStore } from "@rayx/objectstore";
import { GetTimeoutError } from "../errors.js";
import type { ResultValue } from "./Frame.js";
import { INLINE_LIMIT_BYTES } from "./nodeService.js";
import { ObjectRef } from "../ObjectRef.js";
import { StoredValue, decodeValue, encodeValue } from "./wireCodec.js";

export type Outcome =
  | { readonly kind: "bytes"; readonly bytes: Uint8Array }
  | { readonly kind: "stored"; readonly objectId: string }
  | { readonly kind: "error"; readonly error: Error };

interface Entry {
  outcome: Outcome | undefined;
  waiters: ((outcome: Outcome) => void)[] | undefined;
  /** No ref to it is left: drop it once settled. */
  forgotten?: boolean;
}

export class ObjectTable {
  readonly #entries = new Map<string, Entry>();

  constructor(readonly store: ObjectStore) {}

  /** Starts tracking an object whose outcome comes later. */
  create(id: string): void {
    if (!this.#entries.has(id)) this.#entries.set(id, { outcome: undefined, waiters: undefined });
  }

  /** Records the outcome of `id` (the first one wins) and wakes its waiters. */
  settle(id: string, outcome: Outcome): void {
    let entry = this.#entries.get(id);
    if (entry === undefined)
      this.#entries.set(id, (entry = { outcome: undefined, waiters: undefined }));
    if (entry.outcome !== undefined) return;
    entry.outcome = outcome;
    const waiters = entry.waiters;
    entry.waiters = undefined;
    for (const waiter of waiters ?? []) waiter(outcome);
    if (entry.forgotten === true) this.#entries.delete(id);
  }

  /** Nobody can ask for `id` any more: drop it (once it is settled). */
  forget(id: string): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    if (entry.outcome !== undefined) this.#entries.delete(id);
    else entry.forgotten = true;
  }

  isSettled(id: string): boolean {
    const entry = this.#entries.get(id);
    return entry === undefined ? this.store.contains(id) : entry.outcome !== undefined;
  }

  ids(): IterableIterator<string> {
    return this.#entries.keys();
  }

  /** The outcome of `id` once it is known; rejects with `GetTimeoutError` after `timeoutMs`. */
  outcome(id: string, timeoutMs?: number): Promise<Outcome> {
    const entry = this.#entries.get(id);
    if (entry === undefined) {
      return Promise.resolve(
        this.store.contains(id)
          ? { kind: "stored", objectId: id }
          : { kind: "error", error: new ObjectLostError(id, "no process of this node has it") },
      );
    }
    if (entry.outcome !== undefined) return Promise.resolve(entry.outcome);
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter = (outcome: Outcome) => {
        if (timer !== undefined) clearTimeout(timer);
        resolve(outcome);
      };
      (entry.waiters ??= []).push(waiter);
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          const index = entry.waiters?.indexOf(waiter) ?? -1;
          if (index !== -1) entry.waiters?.splice(index, 1);
          reject(new GetTimeoutError(id, timeoutMs));
        }, timeoutMs);
      }
    });
  }

  /** The value of `id` (decoded, or read from the store); throws the error that failed it. */
  async value(id: string, timeoutMs?: number): Promise<unknown> {
    return this.read(await this.outcome(id, timeoutMs));
  }

  read(outcome: Outcome): unknown {
    switch (outcome.kind) {
      case "error":
        throw outcome.error;
      case "stored":
        return this.store.get(outcome.objectId);
      case "bytes":
        return decodeValue(outcome.bytes, (id) => this.store.get(id));
    }
  }

  /**
   * `args` with each top-level ref replaced by its value once ready (a stored value
   * stays in the store, as a `StoredValue` the receiver reads); rejects with the
   * error of a failed one. Refs nested deeper stay refs.
   */
  resolveRefs(args: readonly unknown[]): Promise<unknown[]> {
    return Promise.all(
      args.map(async (arg) => {
        if (!(arg instanceof ObjectRef)) return arg;
        const outcome = await this.outcome(arg.id);
        if (outcome.kind === "error") throw outcome.error;
        return outcome.kind === "stored" ? new StoredValue(outcome.objectId) : this.read(outcome);
      }),
    );
  }

  /** How `outcome` travels in a result frame: bytes inline, or the store's id. */
  static resultValue(outcome: Outcome): ResultValue {
    switch (outcome.kind) {
      case "error":
        throw outcome.error;
      case "stored":
        return { kind: "objectRef", objectId: outcome.objectId };
      case "bytes":
        return { kind: "bytes", bytes: outcome.bytes };
    }
  }

  /**
   * Stores `value` under `id`: small values stay inline here, larger ones go into the
   * object store. Throws `SerializationError` (naming the path) at once.
   */
  put(id: string, value: unknown): void {
    const bytes = encodeValue(value);
    this.create(id);
    if (bytes.length <= INLINE_LIMIT_BYTES) {
      this.settle(id, { kind: "bytes", bytes });
      return;
    }
    this.store.put(value, { id }).then(
      () => this.settle(id, { kind: "stored", objectId: id }),
      (error: unknown) => this.settle(id, { kind: "error", error: error as Error }),
    );
  }
}
