/**
 * The node manager's table of the objects it owns: each object's outcome once known
 * (inline bytes, an id in the object store, or the error that failed it), its
 * waiters, and its reference count (`refs`). An object whose count reaches zero is
 * freed: its entry goes, its hold on the refs inside it goes, and a stored one is
 * released from the object store (`NODE_HOLDER`). A stored object found missing when
 * read is rebuilt through `hooks.rebuild` (lineage) or fails with `ObjectLostError`.
 * An id it does not know is looked up in the object store (a stored value may name it).
 */
import { ObjectLostError } from "@rayx/objectstore";
import type { ObjectStore } from "@rayx/objectstore";
import { GetTimeoutError } from "../errors.js";
import type { ResultValue } from "./Frame.js";
import { INLINE_LIMIT_BYTES } from "./service/nodeService.js";
import { ObjectRef } from "../ObjectRef.js";
import { RefCounts } from "./RefCounts.js";
import { NODE_HOLDER, valueHolder } from "./storeHolders.js";
import { StoredValue, decodeValue, encodeValue, refIdsIn } from "./wireCodec.js";

export type Outcome =
  | { readonly kind: "bytes"; readonly bytes: Uint8Array }
  | { readonly kind: "stored"; readonly objectId: string }
  | { readonly kind: "error"; readonly error: Error };

/** What the node manager does when objects are stored, freed or found lost. */
export interface ObjectTableHooks {
  /** `storedId` (in the object store) now holds the value of object `id`. */
  stored(id: string, storedId: string): void;
  /** The node no longer holds object-store object `storedId` (freed, or lost). */
  unstored(storedId: string): void;
  /** Object `id` was freed. */
  freed(id: string): void;
  /** Starts rebuilding lost object `id` from its lineage; false when it has none. */
  rebuild(id: string): boolean;
  /** Another node's store holds object-store object `storedId` (it is not lost). Defaults to never. */
  elsewhere?(storedId: string): boolean;
  /**
   * Starts making object `id`, unknown here, again from the lineage an earlier head of
   * the session recorded (its entry exists once this returns true). Defaults to never.
   */
  recall?(id: string): boolean;
}

interface Entry {
  outcome: Outcome | undefined;
  waiters: Set<(outcome: Outcome) => void> | undefined;
  /** Its count reached zero before it settled: free it once settled. */
  forgotten?: boolean | undefined;
  /** Refs inside its value, held while it lives. */
  inner?: readonly string[] | undefined;
  /** Refs held until it settles (the arguments of the call producing it). */
  untilSettled?: readonly string[] | undefined;
}

const LOST = "its bytes are gone from the object store";
/** What to do about a lost object that no task made (so it cannot be rebuilt). */
const NO_LINEAGE =
  "it has no lineage to rebuild it from (put() or an actor call made it, not a task): make it again";

const NO_HOOKS: ObjectTableHooks = {
  stored: () => undefined,
  unstored: () => undefined,
  freed: () => undefined,
  rebuild: () => false,
};

export class ObjectTable {
  readonly #entries = new Map<string, Entry>();
  /** Object ids by the object-store id holding their value (a worker's stored result has its own). */
  readonly #byStoredId = new Map<string, string>();
  readonly refs = new RefCounts((id) => this.#free(id));

  constructor(
    readonly store: ObjectStore,
    private readonly hooks: ObjectTableHooks = NO_HOOKS,
  ) {}

  /**
   * Starts tracking an object whose outcome comes later; `untilSettled` are refs the
   * call producing it needs (held until it settles).
   */
  create(id: string, untilSettled: readonly string[] = []): void {
    if (this.#entries.has(id)) return;
    const entry: Entry = { outcome: undefined, waiters: undefined };
    if (untilSettled.length > 0) {
      this.refs.holdAll(untilSettled);
      entry.untilSettled = untilSettled;
    }
    this.#entries.set(id, entry);
  }

  /** Records the outcome of `id` (the first one wins) and wakes its waiters. */
  settle(id: string, outcome: Outcome): void {
    let entry = this.#entries.get(id);
    if (entry === undefined)
      this.#entries.set(id, (entry = { outcome: undefined, waiters: undefined }));
    if (entry.outcome !== undefined) return;
    entry.outcome = outcome;
    if (outcome.kind === "bytes") {
      const inner = refIdsIn(outcome.bytes);
      if (inner.length > 0) this.#holdInner(entry, inner);
    } else if (outcome.kind === "stored") {
      this.#byStoredId.set(outcome.objectId, id);
      this.hooks.stored(id, outcome.objectId);
    }
    if (entry.untilSettled !== undefined) {
      this.refs.releaseAll(entry.untilSettled);
      entry.untilSettled = undefined;
    }
    const waiters = entry.waiters;
    entry.waiters = undefined;
    for (const waiter of waiters ?? []) waiter(outcome);
    // Held again since its count reached zero (a ref made anew): it stays.
    if (entry.forgotten === true && this.refs.count(id) === 0) this.#drop(id, entry);
    else entry.forgotten = undefined;
  }

  /**
   * Forgets the outcome of `id` so that it settles again (a rebuild from lineage);
   * its waiters stay.
   */
  reset(id: string): void {
    const entry = this.#entries.get(id);
    if (entry?.outcome === undefined) return;
    this.#releaseOutcome(entry.outcome);
    if (entry.inner !== undefined) this.refs.releaseAll(entry.inner);
    entry.inner = undefined;
    entry.outcome = undefined;
  }

  /** Whether `id` has an outcome (an id it does not know: whether the store has it). */
  isSettled(id: string): boolean {
    const entry = this.#entries.get(id);
    return entry === undefined ? this.store.contains(id) : entry.outcome !== undefined;
  }

  /** Whether `id` is being made again, or failed (lost with no lineage, say): it is not readable now. */
  unreadable(id: string): boolean {
    const outcome = this.#entries.get(id)?.outcome;
    return outcome === undefined || outcome.kind === "error";
  }

  /** The object id whose value is object-store object `storedId`. */
  objectOf(storedId: string): string {
    return this.#byStoredId.get(storedId) ?? storedId;
  }

  /** The outcome of `id` once it is known; rejects with `GetTimeoutError` after `timeoutMs`. */
  outcome(id: string, timeoutMs?: number): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const stop = this.onSettled(id, (outcome) => {
        if (timer !== undefined) clearTimeout(timer);
        resolve(outcome);
      });
      if (timeoutMs !== undefined && !this.isSettled(id)) {
        timer = setTimeout(() => {
          stop();
          reject(new GetTimeoutError(id, timeoutMs));
        }, timeoutMs);
      }
    });
  }

  /**
   * Calls `listener` with the outcome of `id` once it is known (at once when it is);
   * returns what stops listening.
   */
  onSettled(id: string, listener: (outcome: Outcome) => void): () => void {
    let entry = this.#entries.get(id);
    if (entry === undefined && !this.store.contains(id) && this.hooks.recall?.(id) === true) {
      entry = this.#entries.get(id);
    }
    if (entry === undefined) {
      listener(
        this.store.contains(id)
          ? { kind: "stored", objectId: id }
          : { kind: "error", error: new ObjectLostError(id, "no process of this node has it") },
      );
    } else if (entry.outcome !== undefined) {
      listener(entry.outcome);
    } else {
      (entry.waiters ??= new Set()).add(listener);
      return () => entry.waiters?.delete(listener);
    }
    return () => undefined;
  }

  /**
   * The outcome of `id` with its bytes present: a stored value missing from the store
   * (lost) is rebuilt from its lineage first, or becomes an `ObjectLostError`.
   */
  async available(id: string, timeoutMs?: number): Promise<Outcome> {
    const outcome = await this.outcome(id, timeoutMs);
    if (outcome.kind !== "stored" || this.store.contains(outcome.objectId)) return outcome;
    if (this.hooks.elsewhere?.(outcome.objectId) === true) return outcome;
    if (!this.#entries.has(id)) return { kind: "error", error: new ObjectLostError(id, LOST) };
    this.lost(id, LOST);
    return this.available(id, timeoutMs);
  }

  /**
   * The bytes of stored object `id` are gone (deleted, or lost with their node): it is
   * rebuilt from its lineage, or from now on fails with `ObjectLostError` saying `why`.
   */
  lost(id: string, why: string): void {
    const entry = this.#entries.get(id);
    if (entry?.outcome?.kind !== "stored" || this.hooks.rebuild(id)) return;
    this.#releaseOutcome(entry.outcome);
    entry.outcome = {
      kind: "error",
      error: new ObjectLostError(id, why, { remedy: NO_LINEAGE }),
    };
  }

  /** The value of `id` (decoded, or read from the store); throws the error that failed it. */
  async value(id: string, timeoutMs?: number, zeroCopy = false): Promise<unknown> {
    return this.read(await this.available(id, timeoutMs), zeroCopy);
  }

  /** The value of `outcome`: the caller's own copy, or with `zeroCopy` views of large typed arrays. */
  read(outcome: Outcome, zeroCopy = false): unknown {
    switch (outcome.kind) {
      case "error":
        throw outcome.error;
      case "stored":
        return this.store.get(outcome.objectId, { zeroCopy });
      case "bytes":
        return decodeValue(outcome.bytes, (id) => this.store.get(id, { zeroCopy }));
    }
  }

  /**
   * `args` with each top-level ref replaced by its value once ready (a stored value
   * stays in the store, as a `StoredValue` the receiver reads; a lost one is rebuilt
   * first); rejects with the error of a failed one. Refs nested deeper stay refs.
   */
  resolveRefs(args: readonly unknown[]): Promise<unknown[]> {
    return Promise.all(
      args.map(async (arg) => {
        if (!(arg instanceof ObjectRef)) return arg;
        const outcome = await this.available(arg.id);
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
    const inner: string[] = [];
    const bytes = encodeValue(value, "value", inner);
    this.create(id);
    if (bytes.length <= INLINE_LIMIT_BYTES) {
      this.settle(id, { kind: "bytes", bytes });
      return;
    }
    // The store holds refs to its own objects (`obj:` holders), not to inline ones: hold them here.
    if (inner.length > 0) this.#holdInner(this.#entries.get(id) as Entry, inner);
    this.store.put(value, { id, holder: NODE_HOLDER }).then(
      () => this.settle(id, { kind: "stored", objectId: id }),
      (error: unknown) => this.settle(id, { kind: "error", error: error as Error }),
    );
  }

  #holdInner(entry: Entry, inner: readonly string[]): void {
    this.refs.holdAll(inner);
    entry.inner = entry.inner === undefined ? inner : [...entry.inner, ...inner];
  }

  /** The last hold of `id` went. */
  #free(id: string): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) {
      this.hooks.freed(id);
      return;
    }
    if (entry.outcome === undefined) entry.forgotten = true;
    else this.#drop(id, entry);
  }

  #drop(id: string, entry: Entry): void {
    this.#entries.delete(id);
    if (entry.inner !== undefined) this.refs.releaseAll(entry.inner);
    if (entry.untilSettled !== undefined) this.refs.releaseAll(entry.untilSettled);
    if (entry.outcome !== undefined) this.#releaseOutcome(entry.outcome);
    this.hooks.freed(id);
  }

  /** Gives up the node's hold on a stored outcome's bytes. */
  #releaseOutcome(outcome: Outcome): void {
    if (outcome.kind !== "stored") return;
    this.#byStoredId.delete(outcome.objectId);
    this.refs.processGone(valueHolder(outcome.objectId));
    this.hooks.unstored(outcome.objectId);
    this.store.release(outcome.objectId, NODE_HOLDER).catch(() => undefined);
  }
}
