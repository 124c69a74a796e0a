/**
 * The LMDB env of one node's object store and its two tables, shared by every
 * process of the node (LMDB is multi-process safe: one writer at a time, readers
 * never block):
 *   objects  id → record, `<id>/<n>` → external segment                  (raw bytes)
 *   meta     id → `ObjectMeta` (holders, LRU tick, …); "$counters" → `Counters`  (msgpack)
 * Two writes per small put: that is what keeps puts above 100k/s. Opened with `noSync` + `useWritemap` (a cache, not a durable store; writes go
 * straight into the map) and a fixed, sparse map size, so the map is never moved
 * and zero-copy views of pinned objects stay valid.
 */
import { chmodSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { findLmdbDamage } from "@rayx/gcs";
import { open, type Database, type RootDatabase } from "lmdb";
import { ObjectStoreDamagedError } from "../errors.js";
import { copyBytes } from "./copyBytes.js";
import { segmentKey } from "./ObjectRecord.js";

/** What the store knows about one object. */
export interface ObjectMeta {
  /** Bytes of the record plus external segments. */
  size: number;
  /** Number of segments stored under their own key. */
  external: number;
  /** LRU position (larger = used more recently). */
  tick: number;
  /** In LMDB (true) or only in its spill file (false). */
  resident: boolean;
  /** A spill file exists (kept after a restore: the value is immutable, so re-spilling is free). */
  onDisk: boolean;
  /** Who keeps it alive (see `ReferenceTable`); `pin:` holders also keep it resident. */
  holders: string[];
  /** Objects this one refers to (each held by `obj:<id>`). */
  nested: string[];
}

/** Node-wide totals, kept in the same transactions as the objects they count. */
export interface Counters {
  /** Bytes of resident objects. */
  used: number;
  objects: number;
  spilledObjects: number;
  spilledBytes: number;
  spillsTotal: number;
  restoresTotal: number;
  tick: number;
}

const COUNTERS_KEY = "$counters";
const EMPTY: Counters = {
  used: 0,
  objects: 0,
  spilledObjects: 0,
  spilledBytes: 0,
  spillsTotal: 0,
  restoresTotal: 0,
  tick: 0,
};

export class ObjectTables {
  readonly env: RootDatabase;
  readonly objects: Database<Buffer, string>;
  readonly meta: Database<ObjectMeta | Counters, string>;
  /** The counters while `inBatch` runs: read once, written once. */
  #batch: Counters | undefined;

  constructor(dir: string, mapSize: number, maxReaders: number) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    // LMDB trusts its file: a damaged meta page would crash this process once mapped.
    const file = join(dir, "data.mdb");
    const problem = findLmdbDamage(file);
    if (problem !== undefined) throw new ObjectStoreDamagedError(file, problem);
    this.env = open({ path: dir, noSync: true, useWritemap: true, mapSize, maxReaders, maxDbs: 4 });
    for (const file of readdirSync(dir)) chmodSync(join(dir, file), 0o600);
    this.objects = this.env.openDB<Buffer, string>({ name: "objects", encoding: "binary" });
    this.meta = this.env.openDB<ObjectMeta | Counters, string>({ name: "meta" });
  }

  getMeta(id: string): ObjectMeta | undefined {
    return this.meta.get(id) as ObjectMeta | undefined;
  }

  counters(): Counters {
    return this.#batch ?? { ...EMPTY, ...(this.meta.get(COUNTERS_KEY) as Counters | undefined) };
  }

  /** Inside a write transaction: runs `body` with the counters read once before and written once after. */
  inBatch<T>(body: () => T): T {
    this.#batch = this.counters();
    try {
      return body();
    } finally {
      const c = this.#batch;
      this.#batch = undefined;
      this.meta.putSync(COUNTERS_KEY, c);
    }
  }

  /** Every object's id and meta (a full scan: for spilling and sweeping, not for hot paths). */
  *allMeta(): Generator<[string, ObjectMeta]> {
    for (const { key, value } of this.meta.getRange())
      if (key !== COUNTERS_KEY) yield [key, value as ObjectMeta];
  }

  /** Inside a write transaction: writes an object's record and external segments. */
  writeParts(id: string, parts: readonly Uint8Array[]): void {
    this.objects.putSync(id, parts[0] as Buffer);
    for (let i = 1; i < parts.length; i++)
      this.objects.putSync(segmentKey(id, i - 1), parts[i] as Buffer);
  }

  /** Inside a write transaction: removes an object's record and segments (not its meta). */
  removeParts(id: string, meta: ObjectMeta): void {
    this.objects.removeSync(id);
    for (let i = 0; i < meta.external; i++) this.objects.removeSync(segmentKey(id, i));
  }

  /** Inside a write transaction: read, change and write the counters. */
  updateCounters(change: (c: Counters) => void): Counters {
    const c = this.counters();
    change(c);
    if (!this.#batch) this.meta.putSync(COUNTERS_KEY, c);
    return c;
  }
}

/** Values this large come back from `getBinaryFast` as views on the map (lmdb-js `SHARED_BUFFER_THRESHOLD`). */
export const ZERO_COPY_MIN = 16 * 1024 * 1024;

/**
 * The stored parts of a resident object: its record and its external segments.
 * Parts under `ZERO_COPY_MIN` are copied (lmdb-js reuses one buffer for them);
 * larger ones too unless `views`: then they are views on the map, valid while the
 * object cannot be freed or spilled (inside the current write transaction, or while
 * pinned), and whatever writes into them writes into the object.
 * Returns `undefined` when the object is not resident.
 */
export function residentParts(
  tables: ObjectTables,
  id: string,
  external: number,
  views: boolean,
): Uint8Array[] | undefined {
  const parts: Uint8Array[] = [];
  for (let i = -1; i < external; i++) {
    const bytes = tables.objects.getBinaryFast(i < 0 ? id : segmentKey(id, i));
    if (bytes === undefined) return undefined;
    parts.push(views && bytes.length >= ZERO_COPY_MIN ? bytes : copyBytes(bytes, 0, bytes.length));
  }
  return parts;
}
