/**
 * The in-memory `TableStore`: one process, nothing on disk. It exists so that tests
 * of higher layers (the actor kernel, core's scheduler) can run the GCS without
 * LMDB files; it passes the same contract test as the LMDB store.
 */
import { StoreClosedError } from "../errors.js";
import type { BatchOp, ScanRange, StoreEntry, TableStore, TableTxn } from "../TableStore.js";
import { checkKey, checkTable, compareBytes, seqKey, seqOfKey } from "./bytes.js";
import { rejection, settle } from "./settle.js";

/** One table: entries kept sorted by key (binary search; inserts shift, fine at test sizes). */
class SortedTable {
  readonly entries: StoreEntry[] = [];

  /** Index of the first entry whose key is >= `key`. */
  lowerBound(key: Uint8Array): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareBytes(this.entries[mid]!.key, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    const entry = this.entries[this.lowerBound(key)];
    return entry !== undefined && compareBytes(entry.key, key) === 0 ? entry.value : undefined;
  }

  put(key: Uint8Array, value: Uint8Array): void {
    const at = this.lowerBound(key);
    const entry = { key: key.slice(), value: value.slice() };
    const existing = this.entries[at];
    if (existing !== undefined && compareBytes(existing.key, key) === 0) this.entries[at] = entry;
    else this.entries.splice(at, 0, entry);
  }

  /** See `BatchOp` "append". */
  nextAppendKey(): Uint8Array {
    const last = this.entries[this.entries.length - 1];
    return seqKey("", last === undefined ? 1 : seqOfKey(last.key) + 1);
  }

  delete(key: Uint8Array): void {
    const at = this.lowerBound(key);
    const existing = this.entries[at];
    if (existing !== undefined && compareBytes(existing.key, key) === 0) this.entries.splice(at, 1);
  }
}

/** Use `createMemoryStore`; the class stays internal. */
export class MemoryTableStore implements TableStore {
  readonly location = "memory:";
  private readonly tables = new Map<string, SortedTable>();
  private closed = false;

  get(table: string, key: Uint8Array): Uint8Array | undefined {
    return this.table(table).get(checkKey(key))?.slice();
  }

  *scan(table: string, range: ScanRange = {}): Iterable<StoreEntry> {
    const sorted = this.table(table);
    const { start, end, limit = Infinity, reverse = false } = range;
    const from = start === undefined ? 0 : sorted.lowerBound(start);
    const to = end === undefined ? sorted.entries.length : sorted.lowerBound(end);
    const selected = sorted.entries.slice(from, Math.max(from, to));
    if (reverse) selected.reverse();
    for (const { key, value } of selected.slice(0, Math.max(0, limit))) {
      yield { key: key.slice(), value: value.slice() };
    }
  }

  scanValues<T>(table: string, range: ScanRange, decode: (value: Uint8Array) => T): T[] {
    return Array.from(this.scan(table, range), ({ value }) => decode(value));
  }

  put(table: string, key: Uint8Array, value: Uint8Array): Promise<void> {
    return this.batch([{ type: "put", table, key, value }]);
  }

  delete(table: string, key: Uint8Array): Promise<void> {
    return this.batch([{ type: "delete", table, key }]);
  }

  batch(ops: readonly BatchOp[]): Promise<void> {
    return settle(() => {
      for (const op of ops) {
        this.table(op.table); // validates the name (and that the store is open) up front
        if (op.type !== "append") checkKey(op.key);
      }
      for (const op of ops) {
        const table = this.table(op.table);
        if (op.type === "append") table.put(table.nextAppendKey(), op.value);
        else if (op.type === "put") table.put(op.key, op.value);
        else table.delete(op.key);
      }
    });
  }

  transact<T>(fn: (txn: TableTxn) => T): Promise<T> {
    // Writes are staged and applied only when fn returns, so a throw commits nothing.
    const staged: Exclude<BatchOp, { type: "append" }>[] = [];
    const txn: TableTxn = {
      get: (table, key) => {
        for (let i = staged.length - 1; i >= 0; i--) {
          const op = staged[i]!;
          if (op.table === table && compareBytes(op.key, key) === 0) {
            return op.type === "put" ? op.value.slice() : undefined;
          }
        }
        return this.get(table, key);
      },
      put: (table, key, value) =>
        void staged.push({ type: "put", table, key: checkKey(key), value }),
      delete: (table, key) => void staged.push({ type: "delete", table, key: checkKey(key) }),
    };
    try {
      const result = fn(txn);
      for (const op of staged) {
        if (op.type === "put") this.table(op.table).put(op.key, op.value);
        else this.table(op.table).delete(op.key);
      }
      return Promise.resolve(result);
    } catch (error) {
      return rejection(error);
    }
  }

  flushed(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  private table(name: string): SortedTable {
    if (this.closed) throw new StoreClosedError(this.location);
    let table = this.tables.get(name);
    if (table === undefined) {
      table = new SortedTable();
      this.tables.set(checkTable(name), table);
    }
    return table;
  }
}
