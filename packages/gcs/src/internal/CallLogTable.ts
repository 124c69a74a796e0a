/**
 * Call logs and snapshots of every actor, in two store tables. A log entry's key is
 * the actor id, NUL, then the seq as 8 big-endian bytes, so one actor's entries sit
 * together in seq order and a replay is one forward range scan, read in bounded
 * batches straight from the store's buffers. Appends ride the store's per-event-turn
 * batching: thousands of appends, one commit.
 */
import { GcsArgumentError } from "../errors.js";
import type { CallLogEntry, LoggedCall, Snapshot } from "../records.js";
import type { TableStore } from "../TableStore.js";
import { checkId, checkSeq, idRange, MAX_SEQ, seqKey } from "./bytes.js";
import { callEntryCodec, callHash, snapshotCodec } from "./codec.js";
import { rejection } from "./settle.js";

const CALLS = "calls";
const SNAPSHOTS = "snapshots";
/** Deletes per commit while compacting: bounds the writer lock hold and the memory used. */
const COMPACT_CHUNK = 10_000;

export class CallLogTable {
  constructor(private readonly store: TableStore) {}

  append(actorId: string, entry: CallLogEntry): Promise<void> {
    try {
      return this.store.put(CALLS, entryKey(actorId, entry), encode(entry));
    } catch (error) {
      return rejection(error);
    }
  }

  appendMany(actorId: string, entries: readonly CallLogEntry[]): Promise<void> {
    try {
      const ops = entries.map((entry) => ({
        type: "put" as const,
        table: CALLS,
        key: entryKey(actorId, entry),
        value: encode(entry),
      }));
      return this.store.batch(ops);
    } catch (error) {
      return rejection(error);
    }
  }

  read(actorId: string, fromSeq: number, limit: number): LoggedCall[] {
    checkId(actorId, "actor id");
    checkSeq(fromSeq, "fromSeq");
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new GcsArgumentError(`limit must be a positive integer, got ${limit}`);
    }
    const range = { start: seqKey(actorId, fromSeq), end: idRange(actorId).end, limit };
    const where = `calls/${actorId}`;
    return this.store.scanValues(CALLS, range, (v) => callEntryCodec.decode(v, where));
  }

  lastSeq(actorId: string): number {
    const range = { ...idRange(checkId(actorId, "actor id")), reverse: true, limit: 1 };
    const where = `calls/${actorId}`;
    const [last] = this.store.scanValues(CALLS, range, (v) => callEntryCodec.decode(v, where));
    if (last !== undefined) return last.seq;
    return 0;
  }

  async compact(actorId: string, throughSeq: number): Promise<number> {
    const { start, end: afterAll } = idRange(checkId(actorId, "actor id"));
    const through = checkSeq(throughSeq, "throughSeq");
    const end = through >= MAX_SEQ ? afterAll : seqKey(actorId, through + 1);
    // Appends of this process still in flight (an actor pipelines them and snapshots
    // right after a call) must be committed first, or the scan misses them and they
    // outlive the compaction.
    await this.store.flushed();
    let deleted = 0;
    for (;;) {
      const deletes = Array.from(
        this.store.scan(CALLS, { start, end, limit: COMPACT_CHUNK }),
        ({ key }) => ({ type: "delete" as const, table: CALLS, key }),
      );
      if (deletes.length === 0) return deleted;
      await this.store.batch(deletes);
      deleted += deletes.length;
    }
  }

  async writeSnapshot(actorId: string, snapshot: Snapshot): Promise<void> {
    const key = idRange(checkId(actorId, "actor id")).start;
    checkSeq(snapshot.seq, "snapshot seq");
    const bytes = snapshotCodec.encode(snapshot);
    // Compare-and-set under the writer lock: a slow writer never replaces a newer snapshot.
    const previous = await this.store.transact((txn) => {
      const current = txn.get(SNAPSHOTS, key);
      const seq = current === undefined ? 0 : snapshotCodec.decode(current).seq;
      if (seq > snapshot.seq) return undefined;
      txn.put(SNAPSHOTS, key, bytes);
      return seq;
    });
    // Only once the snapshot is committed may entries go, and only those the snapshot
    // before it folded in: the entries since (never replayed again) keep their call ids
    // and results for one more interval, so a redelivered call still finds its answer.
    if (previous !== undefined && previous > 0) await this.compact(actorId, previous);
  }

  latestSnapshot(actorId: string): Snapshot | undefined {
    const bytes = this.store.get(SNAPSHOTS, idRange(checkId(actorId, "actor id")).start);
    return bytes === undefined ? undefined : snapshotCodec.decode(bytes, `snapshots/${actorId}`);
  }

  async remove(actorId: string): Promise<void> {
    await this.compact(actorId, MAX_SEQ);
    await this.store.delete(SNAPSHOTS, idRange(checkId(actorId, "actor id")).start);
  }
}

function entryKey(actorId: string, entry: CallLogEntry): Uint8Array {
  return seqKey(checkId(actorId, "actor id"), checkSeq(entry.seq, "call log entry seq"));
}

function encode(entry: CallLogEntry): Uint8Array {
  return callEntryCodec.encode(entry, callHash(entry.method, entry.args));
}
