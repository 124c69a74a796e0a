/**
 * The narrow storage contract under the typed GCS tables: bytes by (table, key),
 * ordered range scans, atomic batches and atomic read-modify-write. Keys sort by
 * unsigned bytes. Backends: `openLmdbStore` (the real, multi-process one) and
 * `createMemoryStore` (one process, for tests of higher layers). One contract test
 * (`test/TableStore.contract.ts`) runs against both.
 */

/** A key range: `start` inclusive, `end` exclusive; either may be left open. */
export interface ScanRange {
  readonly start?: Uint8Array;
  readonly end?: Uint8Array;
  /** At most this many entries; defaults to no limit. */
  readonly limit?: number;
  /** Descending key order; defaults to `false`. */
  readonly reverse?: boolean;
}

export interface StoreEntry {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

export type BatchOp =
  | {
      readonly type: "put";
      readonly table: string;
      readonly key: Uint8Array;
      readonly value: Uint8Array;
    }
  | { readonly type: "delete"; readonly table: string; readonly key: Uint8Array }
  /**
   * Stores `value` under the key one past the table's highest key (8-byte big-endian
   * numbers from 1), assigned inside the commit under the writer lock: keys follow
   * commit order across processes. A table written this way holds only such keys.
   */
  | { readonly type: "append"; readonly table: string; readonly value: Uint8Array };

/** Reads and writes inside one atomic transaction (see `TableStore.transact`). */
export interface TableTxn {
  get(table: string, key: Uint8Array): Uint8Array | undefined;
  put(table: string, key: Uint8Array, value: Uint8Array): void;
  delete(table: string, key: Uint8Array): void;
}

/**
 * Bytes by table and key. Reads are synchronous and see every write committed
 * before the current event turn (by any process). Writes resolve once committed;
 * a committed write survives `kill -9` of any process.
 *
 * @example
 * ```ts
 * const store = openLmdbStore({ dir: "/tmp/session/gcs" });
 * await store.put("t", Buffer.from("k"), Buffer.from("v"));
 * store.get("t", Buffer.from("k")); // Uint8Array [0x76]
 * ```
 */
export interface TableStore {
  /** Where the data lives (a path, or `memory:` for the in-memory store). */
  readonly location: string;
  /** The value under `key`, copied (safe to keep), or `undefined`. */
  get(table: string, key: Uint8Array): Uint8Array | undefined;
  /** Entries in key order (see `ScanRange`); values are copies. Lazy: iterate within one event turn. */
  scan(table: string, range?: ScanRange): Iterable<StoreEntry>;
  /**
   * The decoded values of `range`, at once (give it a `limit`). Each value goes to
   * `decode` without being copied first (the fast path of replay): the bytes are
   * valid only during that call, so `decode` must copy whatever it keeps.
   */
  scanValues<T>(table: string, range: ScanRange, decode: (value: Uint8Array) => T): T[];
  /** Writes are grouped per event turn into one commit; resolves when committed. */
  put(table: string, key: Uint8Array, value: Uint8Array): Promise<void>;
  delete(table: string, key: Uint8Array): Promise<void>;
  /** All of `ops` commit together or none does. */
  batch(ops: readonly BatchOp[]): Promise<void>;
  /**
   * Runs `fn` inside one write transaction, serialised with every other writer of
   * every process: what it reads cannot change before its writes commit.
   * `fn` must be synchronous and must not throw half-way expecting a partial commit:
   * a throw aborts the whole transaction.
   */
  transact<T>(fn: (txn: TableTxn) => T): Promise<T>;
  /** Resolves when every write made so far is committed (and, in fsync mode, on disk). */
  flushed(): Promise<void>;
  close(): Promise<void>;
}
