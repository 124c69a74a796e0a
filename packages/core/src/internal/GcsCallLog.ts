/**
 * The kernel's `CallLog` on the GCS: a worker hosting an actor appends its logged
 * calls straight into the host's shared LMDB env (no hop through the node manager),
 * and a rebuild reads them back from there. Arguments, outgoing-call results and
 * snapshots are encoded with `wireCodec`, so refs and handles in them survive. An
 * argument that arrived from the object store is logged as its object id, not its
 * bytes, and the log holds that object (`logHolder`) until compaction moves past
 * the call, so a rebuild never finds it missing.
 */
import type { CallLog, LoggedCall, RecordedResult, Snapshot } from "@rayx/actors";
import type { GcsApi } from "@rayx/gcs";
import type { ObjectStore } from "@rayx/objectstore";
import { logHolder } from "./storeHolders.js";
import { StoredValue, decodeValue, encodeValue } from "./wireCodec.js";

/** What the log needs of the object store: read stored arguments, hold and release them. */
export type LogObjectStore = Pick<ObjectStore, "get" | "hold" | "release">;

/** An argument (by position) that arrived as object `objectId` of the object store. */
export interface StoredArg {
  readonly index: number;
  readonly objectId: string;
}

/** The stored arguments of a call's argument list, by that list (the cell logs the same array). */
const storedArgsOf = new WeakMap<readonly unknown[], readonly StoredArg[]>();

/** Notes which of `args` came from the object store, so the log keeps their ids. */
export function markStoredArgs(args: readonly unknown[], stored: readonly StoredArg[]): void {
  if (stored.length > 0) storedArgsOf.set(args, stored);
}

export class GcsCallLog implements CallLog {
  /** Object ids each logged call (by seq) holds, in seq order, until compacted. */
  readonly #held = new Map<number, readonly string[]>();

  constructor(
    readonly gcs: GcsApi,
    readonly actorId: string,
    readonly store?: LogObjectStore,
  ) {}

  async append(entry: LoggedCall): Promise<void> {
    const stored = this.store === undefined ? undefined : storedArgsOf.get(entry.args);
    let args = entry.args;
    let argRefs: string[] = [];
    if (stored !== undefined) {
      const copy = [...entry.args];
      for (const { index, objectId } of stored) copy[index] = new StoredValue(objectId);
      args = copy;
      argRefs = stored.map((arg) => arg.objectId);
    }
    const appended = this.gcs.appendCall(this.actorId, {
      seq: entry.seq,
      method: entry.method,
      args: encodeValue(args, "args"),
      argRefs,
      nested: entry.results.map((result) =>
        "error" in result
          ? { target: "", method: "", result: encodeValue(result.error, "error"), failed: true }
          : { target: "", method: "", result: encodeValue(result.value, "result"), failed: false },
      ),
    });
    if (argRefs.length === 0) return appended;
    const holder = logHolder(this.actorId, entry.seq);
    this.#held.set(entry.seq, argRefs);
    await Promise.all([appended, ...argRefs.map((id) => this.store?.hold(id, holder))]);
  }

  async writeSnapshot(snapshot: Snapshot): Promise<void> {
    await this.gcs.writeSnapshot(this.actorId, {
      seq: snapshot.seq,
      state: encodeValue(snapshot.state, "snapshot"),
    });
    // The log is compacted through `snapshot.seq`: its calls no longer need their arguments.
    for (const [seq, ids] of this.#held) {
      if (seq > snapshot.seq) break;
      this.#held.delete(seq);
      const holder = logHolder(this.actorId, seq);
      for (const id of ids) this.store?.release(id, holder).catch(() => undefined);
    }
  }

  async latestSnapshot(): Promise<Snapshot | undefined> {
    const snapshot = await this.gcs.latestSnapshot(this.actorId);
    return snapshot === undefined
      ? undefined
      : { seq: snapshot.seq, state: decodeValue(snapshot.state) };
  }

  async read(fromSeq: number, limit: number): Promise<readonly LoggedCall[]> {
    const entries = await this.gcs.readCalls(this.actorId, fromSeq, limit);
    const readStored = (id: string) => this.#storeOf(id).get(id);
    return entries.map((entry) => {
      if (entry.argRefs.length > 0) this.#held.set(entry.seq, entry.argRefs);
      return {
        seq: entry.seq,
        method: entry.method,
        args: decodeValue(entry.args, readStored) as unknown[],
        results: entry.nested.map((nested): RecordedResult =>
          nested.failed
            ? { error: decodeValue(nested.result) }
            : { value: decodeValue(nested.result) },
        ),
      };
    });
  }

  #storeOf(objectId: string): LogObjectStore {
    if (this.store === undefined) {
      throw new Error(
        `call log of ${this.actorId}: argument ${objectId} is in an object store this process has not opened`,
      );
    }
    return this.store;
  }
}
