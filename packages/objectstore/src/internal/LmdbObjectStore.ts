/**
 * The object store on one LMDB env shared by every process of a node. It owns
 * the read and write paths: encode → record → one transaction that makes room
 * (spilling LRU objects), writes the parts, the meta, the creator's hold and the
 * holds on nested refs; and read → decode, with zero-copy views for segments of
 * 16 MiB or more that stay valid because the object is pinned while any view of
 * it is alive. Small puts are batched (`WriteQueue`) into one transaction per
 * event turn; puts with large segments commit synchronously so the caller's
 * memory is read at call time. Read recency for LRU is kept by `ReadRecency`.
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { assertObjectId, newObjectId, type ObjectId } from "../ObjectId.js";
import type {
  ObjectStore,
  ObjectStoreOptions,
  ObjectStoreStats,
  GetOptions,
  PutOptions,
} from "../ObjectStore.js";
import { RefCodecRegistry } from "../RefCodecRegistry.js";
import { InvalidObjectStoreOptionError, ObjectCorruptError, ObjectLostError } from "../errors.js";
import { decodeParts } from "./decodeParts.js";
import { MalformedValueError } from "./decodeValue.js";
import { encodeValue } from "./encodeValue.js";
import { buildRecord, parseRecord, type ParsedRecord } from "./ObjectRecord.js";
import { ObjectTables, residentParts, ZERO_COPY_MIN, type ObjectMeta } from "./ObjectTables.js";
import { ProcessRefs } from "./ProcessRefs.js";
import { ReadRecency } from "./ReadRecency.js";
import { containerHolder, pidAlive, processHolder, ReferenceTable } from "./ReferenceTable.js";
import { SpillFiles } from "./SpillFiles.js";
import { Spiller } from "./Spiller.js";
import { defaultCapacity, defaultStoreDir, mapSizeFor } from "./storeLocation.js";
import { asError, WriteQueue } from "./WriteQueue.js";

export class LmdbObjectStore implements ObjectStore {
  readonly holder: string;
  readonly dir: string;
  readonly spillDir: string;
  readonly capacity: number;
  readonly codecs: RefCodecRegistry;
  readonly #pinHolder: string;
  readonly #tables: ObjectTables;
  readonly #files: SpillFiles;
  readonly #table: ReferenceTable;
  readonly #spiller: Spiller;
  readonly #refs: ProcessRefs;
  readonly #pins: ProcessRefs;
  readonly #writes: WriteQueue;
  readonly #reads: ReadRecency;
  #closed = false;
  /** Set while `releaseView` runs: the caller expects the object to be freeable on return. */
  #unpinNow = false;

  constructor(options: ObjectStoreOptions) {
    if (typeof options.sessionDir !== "string" || options.sessionDir.length === 0)
      throw new InvalidObjectStoreOptionError(
        "sessionDir",
        "is required: pass the node's session dir",
      );
    const memory = options.objectStoreMemory;
    if (memory !== undefined && !(Number.isSafeInteger(memory) && memory > 0))
      throw new InvalidObjectStoreOptionError(
        "objectStoreMemory",
        `must be a positive whole number of bytes, got ${String(memory)}`,
      );
    const maxReaders = options.maxReaders ?? 126;
    if (!(Number.isSafeInteger(maxReaders) && maxReaders > 0))
      throw new InvalidObjectStoreOptionError(
        "maxReaders",
        `must be a positive integer, got ${String(maxReaders)}`,
      );
    this.dir = options.dir ?? defaultStoreDir(options.sessionDir);
    this.spillDir = options.spillDir ?? join(options.sessionDir, "spill");
    this.capacity = memory ?? defaultCapacity(this.dir);
    this.codecs = options.codecs ?? new RefCodecRegistry();
    const nonce = randomBytes(4).toString("hex");
    this.holder = processHolder("proc", process.pid, nonce);
    this.#pinHolder = processHolder("pin", process.pid, nonce);
    this.#tables = new ObjectTables(this.dir, mapSizeFor(this.capacity), maxReaders);
    this.#files = new SpillFiles(this.spillDir);
    this.#table = new ReferenceTable(this.#tables, this.#files);
    this.#spiller = new Spiller(this.#tables, this.#files, this.capacity);
    this.#writes = new WriteQueue(this.#tables);
    this.#reads = new ReadRecency(this.#tables, this.capacity, (body) => this.#background(body));
    // Each queued change re-checks the local count when it runs: a release queued
    // before a later acquire (or the reverse) must not undo it.
    this.#refs = new ProcessRefs(
      (id) => this.#background(() => this.#refs.count(id) > 0 && this.#table.add(id, this.holder)),
      (id) =>
        this.#background(() => this.#refs.count(id) === 0 && this.#table.remove(id, this.holder)),
    );
    this.#pins = new ProcessRefs(
      () => undefined, // pins are added synchronously by #pin, before the read
      (id) => {
        if (this.#closed) return undefined; // close() already dropped this process's pins
        const unpin = (): void => {
          if (this.#pins.count(id) === 0 && !this.#closed) this.#table.remove(id, this.#pinHolder);
        };
        if (!this.#unpinNow) return this.#background(unpin);
        this.#tables.env.transactionSync(unpin);
        return undefined;
      },
    );
  }

  put(value: unknown, options: PutOptions = {}): Promise<ObjectId> {
    try {
      if (options.id !== undefined) assertObjectId(options.id);
      if (
        options.handle !== undefined &&
        options.holder !== undefined &&
        options.holder !== this.holder
      )
        throw new InvalidObjectStoreOptionError(
          "handle",
          "ties this process's hold to a handle: do not combine it with another holder",
        );
      const id = options.id ?? newObjectId();
      const encoded = encodeValue(value, this.codecs, options.root ?? "value");
      const { record, external, size } = buildRecord(encoded);
      const insert: PendingInsert = {
        id,
        parts: external.length === 0 ? [record] : [record, ...external],
        size,
        refs: encoded.refs,
        holder: options.holder ?? this.holder,
        checkId: options.id !== undefined,
        handle: options.handle,
      };
      // Runs in the write transaction; counts the creator's local hold only once written.
      const write = (): ObjectId => {
        this.#insert(insert);
        this.#adoptCreated(insert);
        return id;
      };
      if (external.length === 0) return this.#queue(write);
      return Promise.resolve(this.#tables.env.transactionSync(() => this.#tables.inBatch(write)));
    } catch (error) {
      return Promise.reject(asError(error));
    }
  }

  /** Counts the hold a new object's creator has, when that is this process. */
  #adoptCreated({ id, holder, handle }: PendingInsert): void {
    if (holder !== this.holder) return;
    if (handle) this.#refs.adoptWith(handle, id);
    else this.#refs.adopt(id);
  }

  get<T = unknown>(id: ObjectId, options?: GetOptions): T {
    // The full check of the id's characters runs on a miss only: keys are ids.
    if (typeof id !== "string" || id.length !== 40) assertObjectId(id);
    let fast = this.#tables.objects.getBinaryFast(id);
    if (fast === undefined) {
      assertObjectId(id);
      this.#refresh();
      fast = this.#tables.objects.getBinaryFast(id);
      if (fast === undefined) return this.#getSpilled(id) as T;
    }
    this.#reads.touch(id);
    const record = fast.subarray(0, fast.length);
    const parsed = this.#parse(id, record);
    if (!parsed.segments.some((s) => s.external)) return this.#decode(id, parsed, [record]) as T;
    return this.#getWithExternal(id, parsed.segments, options?.zeroCopy === true) as T;
  }

  contains(id: ObjectId): boolean {
    assertObjectId(id);
    return this.#freshMeta(id) !== undefined;
  }

  size(id: ObjectId): number {
    assertObjectId(id);
    const meta = this.#freshMeta(id);
    if (!meta) throw this.#lost(id);
    return meta.size;
  }

  async delete(id: ObjectId): Promise<void> {
    assertObjectId(id);
    await this.#queue(() => this.#table.removeAll(id));
  }

  async hold(id: ObjectId, holder: string = this.holder): Promise<void> {
    assertObjectId(id);
    if (holder === this.holder) {
      if (this.#refs.count(id) === 0 && !this.contains(id)) throw this.#lost(id);
      await this.#refs.acquire(id);
      return;
    }
    await this.#queue(() => {
      if (!this.#table.add(id, holder)) throw this.#lost(id);
    });
  }

  async release(id: ObjectId, holder: string = this.holder): Promise<void> {
    assertObjectId(id);
    if (holder === this.holder) {
      await this.#refs.release(id);
      return;
    }
    await this.#queue(() => this.#table.remove(id, holder));
  }

  track(handle: object, id: ObjectId): void {
    assertObjectId(id);
    this.#refs.track(handle, id);
  }

  untrack(handle: object): void {
    this.#refs.untrack(handle);
  }

  releaseView(value: object): void {
    this.#unpinNow = true;
    try {
      this.#pins.untrack(value);
    } finally {
      this.#unpinNow = false;
    }
  }

  holders(id: ObjectId): string[] {
    assertObjectId(id);
    this.#refresh();
    return this.#table.holders(id);
  }

  sweepDeadHolders(isAlive: (pid: number) => boolean = pidAlive): Promise<number> {
    return this.#queue(() => this.#table.sweep(isAlive));
  }

  exportParts(id: ObjectId): { readonly parts: readonly Uint8Array[]; done(): void } {
    assertObjectId(id);
    const meta = this.#freshMeta(id);
    if (!meta) throw this.#lost(id);
    if (meta.resident && this.#pin(id)) {
      this.#pins.adopt(id);
      const parts = residentParts(this.#tables, id, meta.external, true);
      let done = false;
      const release = (): void => {
        if (!done) void this.#pins.release(id);
        done = true;
      };
      if (parts) return { parts, done: release };
      release();
    }
    return { parts: this.#spilledParts(id), done: () => undefined };
  }

  async importParts(
    id: ObjectId,
    parts: readonly Uint8Array[],
    holder: string = this.holder,
  ): Promise<void> {
    assertObjectId(id);
    const record = parts[0];
    if (!record) throw new ObjectCorruptError(id, "received no parts");
    const external = this.#parse(id, record).segments.filter((s) => s.external).length;
    if (external !== parts.length - 1)
      throw new ObjectCorruptError(
        id,
        `record lists ${external} external segments, received ${parts.length - 1}`,
      );
    const size = parts.reduce((sum, part) => sum + part.byteLength, 0);
    this.#tables.env.transactionSync(() => {
      if (this.#tables.getMeta(id)) this.#table.add(id, holder);
      else
        this.#tables.inBatch(() =>
          this.#insert({ id, parts, size, refs: [], holder, checkId: true }),
        );
    });
    if (holder === this.holder) this.#refs.adopt(id);
    return Promise.resolve();
  }

  stats(): ObjectStoreStats {
    this.#refresh();
    const c = this.#tables.counters();
    return {
      usedBytes: c.used,
      capacityBytes: this.capacity,
      objects: c.objects,
      spilledObjects: c.spilledObjects,
      spilledBytes: c.spilledBytes,
      spillsTotal: c.spillsTotal,
      restoresTotal: c.restoresTotal,
    };
  }

  spilled(): Map<ObjectId, string> {
    this.#refresh();
    const spilled = new Map<ObjectId, string>();
    for (const [id, meta] of this.#tables.allMeta())
      if (!meta.resident) spilled.set(id, this.#files.urlOf(id));
    return spilled;
  }

  async flush(): Promise<void> {
    this.#reads.flush();
    await this.#writes.settled();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.flush();
    const held = [...this.#refs.ids()];
    const pinned = [...this.#pins.ids()];
    await this.#queue(() => {
      for (const id of held) this.#table.remove(id, this.holder);
      for (const id of pinned) this.#table.remove(id, this.#pinHolder);
    });
    this.#closed = true;
    await this.#tables.env.close();
  }

  async destroy(): Promise<void> {
    await this.close();
    rmSync(this.dir, { recursive: true, force: true });
    rmSync(this.spillDir, { recursive: true, force: true });
  }

  /** Inside a write transaction: a new object, with room made for it first. */
  #insert({ id, parts, size, refs, holder, checkId }: PendingInsert): void {
    const tables = this.#tables;
    // Fresh ids are unique (time prefix + 112 random bits): only a caller-chosen id can exist.
    if (checkId && tables.getMeta(id))
      throw new InvalidObjectStoreOptionError(
        "id",
        `object ${id} already exists; objects are written once, use a fresh id`,
      );
    this.#spiller.makeRoom(size);
    const c = tables.updateCounters((c) => {
      c.tick++;
      c.used += size;
      c.objects++;
    });
    tables.writeParts(id, parts);
    const nested =
      refs.length === 0
        ? []
        : refs.filter((ref) => ref !== id && this.#table.add(ref, containerHolder(id)));
    tables.meta.putSync(id, {
      size,
      external: parts.length - 1,
      tick: c.tick,
      resident: true,
      onDisk: false,
      holders: [holder],
      nested,
    });
  }

  /**
   * Reads an object with external segments: copies of their own (read in one read
   * transaction, whose snapshot no writer reuses meanwhile), or, `shared`, views on the
   * map for those of `ZERO_COPY_MIN` or more, pinned while the views live.
   */
  #getWithExternal(id: string, segments: ParsedRecord["segments"], shared: boolean): unknown {
    const zeroCopy = shared && segments.some((s) => s.external && s.byteLength >= ZERO_COPY_MIN);
    if (zeroCopy && !this.#pin(id)) return this.#getSpilled(id);
    // Counted for the duration of the read, so a queued unpin cannot run in between.
    if (zeroCopy) this.#pins.adopt(id);
    try {
      const external = segments.filter((s) => s.external).length;
      const parts = residentParts(this.#tables, id, external, zeroCopy);
      if (!parts) throw new ObjectCorruptError(id, "an external segment is missing");
      return this.#decode(id, this.#parse(id, parts[0]!), parts, (index, value) => {
        const part = parts[index];
        if (
          zeroCopy &&
          part &&
          part.byteLength >= ZERO_COPY_MIN &&
          (value as ArrayBufferView).buffer === part.buffer
        )
          this.#pins.adoptWith(value, id);
      });
    } finally {
      if (zeroCopy) void this.#pins.release(id);
    }
  }

  /**
   * Makes sure this process pins `id` before it takes views on its pages.
   * Returns false when the object is no longer resident (spilled or freed meanwhile).
   */
  #pin(id: string): boolean {
    if (this.#pins.count(id) > 0) return true;
    return this.#tables.env.transactionSync(() => {
      if (!this.#tables.getMeta(id)?.resident) return false;
      return this.#table.add(id, this.#pinHolder);
    });
  }

  #getSpilled(id: string): unknown {
    const parts = this.#spilledParts(id);
    const value = this.#decode(id, this.#parse(id, parts[0]!), parts);
    void this.#background(() => this.#spiller.restore(id, parts));
    return value;
  }

  #spilledParts(id: string): Uint8Array[] {
    const meta = this.#tables.getMeta(id);
    if (!meta) throw this.#lost(id);
    if (meta.resident)
      throw new ObjectCorruptError(id, "its meta says resident but its record is missing");
    let parts: Uint8Array[] | undefined;
    try {
      parts = this.#files.read(id);
    } catch (error) {
      if (error instanceof MalformedValueError)
        throw new ObjectCorruptError(id, `spill file: ${error.message}`);
      throw error;
    }
    if (parts) return parts;
    this.#tables.env.resetReadTxn();
    if (!this.#tables.getMeta(id)) throw this.#lost(id);
    throw new ObjectCorruptError(id, `its spill file ${join(this.spillDir, id)} is missing`);
  }

  /**
   * Decodes parts (record, then external segments) given the record's layout;
   * `onBinary` sees each binary value built from a segment, with its part index.
   */
  #decode(
    id: string,
    parsed: ParsedRecord,
    parts: readonly Uint8Array[],
    onBinary?: (part: number, value: object) => void,
  ): unknown {
    try {
      return decodeParts(parsed, parts, this.codecs, onBinary);
    } catch (error) {
      if (error instanceof MalformedValueError)
        throw new ObjectCorruptError(id, error.message, { cause: error });
      throw error;
    }
  }

  #parse(id: string, record: Uint8Array): ParsedRecord {
    try {
      return parseRecord(record);
    } catch (error) {
      if (error instanceof MalformedValueError)
        throw new ObjectCorruptError(id, error.message, { cause: error });
      throw error;
    }
  }

  /** Runs `body` in the write transaction of this event turn's batch (see `WriteQueue`). */
  #queue<T>(body: () => T): Promise<T> {
    if (this.#closed)
      return Promise.reject(new InvalidObjectStoreOptionError("store", "is closed"));
    return this.#writes.queue(body);
  }

  /**
   * Queues bookkeeping nobody awaits (local count changes, LRU updates, restores).
   * After `close` it is dropped: `close` already released this process's holds.
   */
  #background(body: () => unknown): Promise<unknown> | undefined {
    if (this.#closed) return undefined;
    return this.#queue(body).catch((error: unknown) =>
      process.emitWarning(`rayx object store: background update failed: ${String(error)}`),
    );
  }

  /**
   * Starts a new read snapshot. lmdb-js renews its read transaction on a timer, so
   * right after another process's commit (say, when its message arrives) the old
   * snapshot may still be in use; reads whose answer must be current refresh first.
   * Reading an object found in an old snapshot is safe: values are immutable, and
   * LMDB does not reuse pages an open snapshot can still see.
   */
  #refresh(): void {
    this.#tables.env.resetReadTxn();
  }

  /** The object's meta as of now (not as of this process's current snapshot). */
  #freshMeta(id: string): ObjectMeta | undefined {
    this.#refresh();
    return this.#tables.getMeta(id);
  }

  #lost(id: string): ObjectLostError {
    return new ObjectLostError(
      id,
      "it is not in this node's store (never put here, or already freed)",
    );
  }
}

/** A put waiting for its transaction. */
interface PendingInsert {
  readonly id: string;
  readonly parts: readonly Uint8Array[];
  readonly size: number;
  readonly refs: readonly string[];
  readonly holder: string;
  /** Whether the id was chosen by the caller (and may already exist). */
  readonly checkId: boolean;
  /** The handle whose lifetime bounds this process's hold (see `PutOptions.handle`). */
  readonly handle?: object | undefined;
}
