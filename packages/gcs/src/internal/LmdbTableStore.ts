/**
 * The LMDB `TableStore`: one env file under the session's storage dir, opened by
 * every process of the host at once (LMDB's robust cross-process writer lock, no
 * server); one named sub-database per table, raw binary keys and values. Writes go
 * through lmdb-js's async batching (one commit per event turn, on its writer thread).
 */
import type { Database, RootDatabase } from "lmdb";
import { StorageFullError, StoreClosedError, StoreReadOnlyError } from "../errors.js";
import type { BatchOp, ScanRange, StoreEntry, TableStore, TableTxn } from "../TableStore.js";
import { checkKey, checkTable, compareBytes, seqKey, seqOfKey } from "./bytes.js";

type Bytes = Database<Uint8Array, Uint8Array>;
interface DecoderSlot {
  decode: (value: Uint8Array) => unknown;
}

const done = (): void => undefined;
/** A failure every writer also gets on its own promise (see the constructor). */
const ignoreFailure = (): void => undefined;

const NO_KEY = new Uint8Array(0);

/** What a read-only store reads from a table that is not in the file. */
const EMPTY_TABLE = {
  getBinary: () => undefined,
  getRange: () => [],
} as unknown as Bytes;

function writeBinaryKey(key: Uint8Array, target: Uint8Array, start: number): number {
  target.set(key, start);
  return start + key.length;
}

/** One past the highest key of an append-only table (see `BatchOp` "append"). */
function nextAppendKey(db: Bytes): Uint8Array {
  for (const { key } of db.getRange({ reverse: true, limit: 1 }))
    return seqKey("", seqOfKey(key) + 1);
  return seqKey("", 1);
}

/**
 * Entries of `range` in `db`. lmdb-js's reverse ranges include their upper bound and
 * exclude the lower one; ScanRange is [start, end) in both directions, so bound by hand.
 */
function* bounded(db: Bytes, range: ScanRange): Iterable<{ key: Uint8Array; value: unknown }> {
  const { start, end, limit = Infinity, reverse = false } = range;
  if (limit <= 0) return;
  let count = 0;
  if (!reverse) {
    for (const entry of db.getRange({ ...(start && { start }), ...(end && { end }) })) {
      yield entry;
      if (++count >= limit) return;
    }
    return;
  }
  for (const entry of db.getRange({ ...(end && { start: end }), reverse: true })) {
    if (end !== undefined && compareBytes(entry.key, end) >= 0) continue;
    if (start !== undefined && compareBytes(entry.key, start) < 0) return;
    yield entry;
    if (++count >= limit) return;
  }
}

/** Use `openLmdbStore`; the class stays internal (users get the `TableStore` interface). */
export class LmdbTableStore implements TableStore {
  readonly location: string;
  private readonly dbs = new Map<string, Bytes>();
  /** Second handles on tables whose values go straight to a `scanValues` decoder. */
  private readonly decoders = new Map<string, { db: Bytes; slot: DecoderSlot }>();
  private readonly fail = (error: unknown): Promise<never> => this.commitFailure(error);
  private closed = false;

  constructor(
    private readonly env: RootDatabase<Uint8Array, Uint8Array>,
    path: string,
    /** Acknowledge writes only once flushed to disk (`durability: "fsync"`). */
    private readonly fsync: boolean,
    /** Opened `readOnly`: writes are refused, tables not in the file read as empty. */
    private readonly readOnly = false,
  ) {
    this.location = path;
    // lmdb-js opens each event turn's batch with a write whose commit promise it drops;
    // when that commit fails (a full disk) its rejection would go unhandled and end the
    // process. The writers get the same failure on their own promises; ignore this one.
    env.on("beforecommit", () =>
      queueMicrotask(() => void env.committed.then(undefined, ignoreFailure)),
    );
  }

  get(table: string, key: Uint8Array): Uint8Array | undefined {
    return this.db(table).getBinary(checkKey(key));
  }

  *scan(table: string, range: ScanRange = {}): Iterable<StoreEntry> {
    for (const { key, value } of bounded(this.db(table), range)) {
      yield { key, value: value as Uint8Array };
    }
  }

  scanValues<T>(table: string, range: ScanRange, decode: (value: Uint8Array) => T): T[] {
    if (range.reverse === true) {
      // Rare (last entries); needs real keys to bound by hand: the copying path.
      return Array.from(this.scan(table, range), ({ value }) => decode(value));
    }
    if (this.missing(table)) return [];
    const { db, slot } = this.decoding(table);
    const { start, end, limit } = range;
    const bounds = {
      ...(start && { start }),
      ...(end && { end }),
      ...(limit !== undefined && { limit }),
    };
    // Eager, in one go: this handle's keys are not decoded, so lmdb-js could not
    // reposition the cursor if its read txn were renewed between two steps.
    slot.decode = decode;
    const out: T[] = [];
    for (const { value } of db.getRange(bounds)) out.push(value as T);
    return out;
  }

  put(table: string, key: Uint8Array, value: Uint8Array): Promise<void> {
    // The hot path of call-log appends: no async wrapper, one `then` at most.
    try {
      const commit = this.writable(table).put(checkKey(key), value);
      return this.fsync ? this.acknowledge(commit) : commit.then(done, this.fail);
    } catch (error) {
      return Promise.reject(this.translate(error));
    }
  }

  async delete(table: string, key: Uint8Array): Promise<void> {
    await this.acknowledge(this.writable(table).remove(checkKey(key)));
  }

  async batch(ops: readonly BatchOp[]): Promise<void> {
    const resolved = ops.map((op) => ({
      op,
      db: this.writable(op.table),
      key: op.type === "append" ? undefined : checkKey(op.key),
    }));
    await this.acknowledge(
      // The callback runs inside the commit, so an append's key is read under the lock.
      this.env.transaction(() => {
        for (const { op, db, key } of resolved) {
          if (op.type === "append") void db.put(nextAppendKey(db), op.value);
          else if (op.type === "put") void db.put(key!, op.value);
          else void db.remove(key!);
        }
      }),
    );
  }

  transact<T>(fn: (txn: TableTxn) => T): Promise<T> {
    if (this.readOnly) return Promise.reject(new StoreReadOnlyError(this.location));
    const txn: TableTxn = {
      get: (table, key) => this.db(table).getBinary(checkKey(key)),
      put: (table, key, value) => void this.db(table).put(checkKey(key), value),
      delete: (table, key) => void this.db(table).remove(checkKey(key)),
    };
    // transactionSync: the callback runs under the cross-process writer lock, so what
    // it reads is what its writes are based on (MEASURED.md §2: get-then-put loses updates).
    const known = new Set(this.dbs.keys());
    try {
      const result = this.env.transactionSync(() => fn(txn));
      return this.fsync ? this.env.flushed.then(() => result) : Promise.resolve(result);
    } catch (error) {
      // A table first opened inside an aborted transaction is not valid afterwards.
      for (const table of this.dbs.keys()) if (!known.has(table)) this.dbs.delete(table);
      return Promise.reject(this.translate(error));
    }
  }

  async flushed(): Promise<void> {
    await this.env.committed;
    if (this.fsync) await this.env.flushed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.env.committed;
    await this.env.close();
  }

  private decoding(table: string): { db: Bytes; slot: DecoderSlot } {
    let handle = this.decoders.get(table);
    if (handle === undefined) {
      this.db(table); // opens (creates) the table outside any transaction first
      const slot: DecoderSlot = { decode: () => undefined };
      const db = this.env.openDB<Uint8Array, Uint8Array>(table, {
        // Forward scans only: lmdb-js bounds them natively, so keys need no decoding.
        keyEncoder: { writeKey: writeBinaryKey, readKey: () => NO_KEY },
        encoder: {
          encode: (value: Uint8Array) => value,
          // lmdb-js hands over its shared read buffer: a view of exactly the value.
          decode: (buffer: Buffer) =>
            slot.decode(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length)),
        },
      } as Parameters<typeof this.env.openDB>[1]);
      this.decoders.set(table, (handle = { db, slot }));
    }
    return handle;
  }

  private db(table: string): Bytes {
    if (this.closed) throw new StoreClosedError(this.location);
    let db = this.dbs.get(table);
    if (db === undefined) {
      // Read-only, lmdb-js gives no handle for a table that is not in the file yet.
      const opened: Bytes | undefined = this.env.openDB<Uint8Array, Uint8Array>(checkTable(table), {
        encoding: "binary",
        keyEncoding: "binary",
      });
      if (opened === undefined) return EMPTY_TABLE;
      db = opened;
      this.dbs.set(table, db);
    }
    return db;
  }

  /** `table`'s handle for a write; a read-only store refuses. */
  private writable(table: string): Bytes {
    if (this.readOnly) throw new StoreReadOnlyError(this.location);
    return this.db(table);
  }

  /** A table a read-only store cannot open (it is not in the file): it reads as empty. */
  private missing(table: string): boolean {
    return this.readOnly && this.db(table) === EMPTY_TABLE;
  }

  private async acknowledge(commit: Promise<unknown>): Promise<void> {
    try {
      await commit;
      if (this.fsync) await this.env.flushed;
    } catch (error) {
      return this.commitFailure(error);
    }
  }

  /**
   * lmdb-js rejects a failed commit with a generic "Commit failed" whose real cause
   * (e.g. ENOSPC) is the rejection of a promise in `commitError`: take the cause,
   * which also keeps that promise from surfacing as an unhandled rejection.
   */
  private async commitFailure(error: unknown): Promise<never> {
    const commitError = (error as { commitError?: Promise<unknown> } | null)?.commitError;
    const cause =
      commitError === undefined
        ? error
        : await commitError.then(
            () => error,
            (reason: unknown) => reason,
          );
    throw this.translate(cause);
  }

  private translate(error: unknown): Error {
    if (!(error instanceof Error)) return new Error(String(error));
    return /MDB_MAP_FULL|ENOSPC|No space left/.test(error.message)
      ? new StorageFullError(this.location, { cause: error })
      : error;
  }
}
