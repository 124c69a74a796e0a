/**
 * The public face of a node's object store: the `ObjectStore` interface, its
 * options, and `openObjectStore`, which every process of a node calls with the
 * same session dir to share one LMDB env. See the package README for what is
 * copied when, how long a value stays valid, reference counting and spilling.
 */
import type { ObjectId } from "./ObjectId.js";
import type { RefCodecRegistry } from "./RefCodecRegistry.js";
import { LmdbObjectStore } from "./internal/LmdbObjectStore.js";

export interface ObjectStoreOptions {
  /** The node's session dir. Spill files go under it, and the env too when the host has no `/dev/shm`. Required. */
  readonly sessionDir: string;
  /** Dir of the LMDB env. Defaults to `/dev/shm/rayx-<session>-<hash of sessionDir>`, or `<sessionDir>/objects` without `/dev/shm`. */
  readonly dir?: string;
  /** Bytes of resident objects before spilling starts. Defaults to 30 % of RAM (at most 80 % of the env filesystem's free space). */
  readonly objectStoreMemory?: number;
  /** Dir of spill files. Defaults to `<sessionDir>/spill`. */
  readonly spillDir?: string;
  /** Codecs of ref-like classes (ObjectRef, actor handles). Defaults to an empty registry. */
  readonly codecs?: RefCodecRegistry;
  /** LMDB reader slots shared by all processes and threads of the node. Defaults to 126. */
  readonly maxReaders?: number;
}

export interface PutOptions {
  /** Who holds the new object. Defaults to this process (release with `release(id)`). */
  readonly holder?: string;
  /** Tie this process's hold to `handle`: released when it is garbage collected or `untrack`ed. Defaults to none. */
  readonly handle?: object;
  /** Use this id (e.g. one handed out before the value existed). Defaults to a fresh `newObjectId()`. */
  readonly id?: ObjectId;
  /** How the value is named in serialization errors (`"args"` gives `args[1].cb`). Defaults to `"value"`. */
  readonly root?: string;
}

export interface GetOptions {
  /**
   * The reader only reads: typed arrays of 16 MiB or more come back as zero-copy views
   * on the store's shared pages instead of copies of their own. A write into such a
   * view would change the object for every reader, so only a reader that never writes
   * asks for it. Defaults to `false` (a copy: the reader may write into it).
   */
  readonly zeroCopy?: boolean;
}

export interface ObjectStoreStats {
  /** Bytes of objects resident in the LMDB env. */
  readonly usedBytes: number;
  readonly capacityBytes: number;
  /** Live objects, resident or spilled. */
  readonly objects: number;
  /** Objects (and their bytes) currently only on disk. */
  readonly spilledObjects: number;
  readonly spilledBytes: number;
  /** Spills and restores since the env was created. */
  readonly spillsTotal: number;
  readonly restoresTotal: number;
}

/**
 * One node's object store, shared by every process of the node.
 *
 * @example
 * const store = openObjectStore({ sessionDir: "/tmp/rayx/session-1" });
 * const id = await store.put({ weights: new Float64Array(1 << 20), step: 3 });
 * const value = store.get(id) as { weights: Float64Array; step: number };
 * await store.release(id); // this process no longer needs it: freed if nothing else holds it
 */
export interface ObjectStore {
  /** This process's holder name in the reference table. */
  readonly holder: string;
  readonly dir: string;
  readonly spillDir: string;
  readonly capacity: number;
  readonly codecs: RefCodecRegistry;

  /**
   * Serializes and stores `value`, held by `options.holder` (defaults to this process).
   * The value is read at call time: changing it afterwards does not change the object.
   * @throws SerializationError naming the path of an unserializable part; ObjectStoreFullError.
   */
  put(value: unknown, options?: PutOptions): Promise<ObjectId>;
  /**
   * The value of `id`, the reader's own: writing into it changes it for no one else.
   * With `zeroCopy`, typed arrays of 16 MiB or more are views on the store's shared
   * pages instead (never write into them), valid for as long as you hold them.
   * @throws ObjectLostError when the object does not exist; ObjectCorruptError.
   */
  get<T = unknown>(id: ObjectId, options?: GetOptions): T;
  /** Whether the object exists on this node (resident or spilled). */
  contains(id: ObjectId): boolean;
  /** Stored bytes of the object. @throws ObjectLostError */
  size(id: ObjectId): number;
  /** Frees the object whoever holds it (at once, or when the last zero-copy view of it is dropped). */
  delete(id: ObjectId): Promise<void>;
  /** Adds a holder (defaults to this process; a process counts its holds locally). */
  hold(id: ObjectId, holder?: string): Promise<void>;
  /** Removes a holder (defaults to this process); the object is freed when none is left. */
  release(id: ObjectId, holder?: string): Promise<void>;
  /**
   * Says this process is done with a zero-copy typed array that `get` returned (one of
   * 16 MiB or more): its object may be spilled or freed from now on, so the array must
   * not be read again. Without this call, garbage collection of the array does the
   * same, later. Values that are not such views are ignored.
   */
  releaseView(value: object): void;
  /** Holds `id` for this process until `handle` is garbage collected or `untrack`ed. */
  track(handle: object, id: ObjectId): void;
  untrack(handle: object): void;
  /** The holders of `id` (process, task, container and pin names). */
  holders(id: ObjectId): string[];
  /** Removes holds and pins of processes that no longer run (defaults to a `kill(pid, 0)` probe); returns how many. */
  sweepDeadHolders(isAlive?: (pid: number) => boolean): Promise<number>;
  /** The stored parts of an object (record, then external segments), pinned until `done` is called; for transfers. */
  exportParts(id: ObjectId): { readonly parts: readonly Uint8Array[]; done(): void };
  /** Stores parts received from another node under `id`, held by `holder` (defaults to this process). */
  importParts(id: ObjectId, parts: readonly Uint8Array[], holder?: string): Promise<void>;
  stats(): ObjectStoreStats;
  /**
   * The objects now only on disk, each with the `file://` URL of its spill file (a full
   * scan: call it when `stats()` says spills or restores happened, not per object).
   */
  spilled(): Map<ObjectId, string>;
  /** Waits until this process's pending writes (puts, releases, LRU updates) are committed. */
  flush(): Promise<void>;
  /** Releases this process's holds and pins, then closes the env: zero-copy views must not be read after. */
  close(): Promise<void>;
  /** Closes, then removes the env and spill dirs (the node is going away). */
  destroy(): Promise<void>;
}

/**
 * Opens (creating if needed) the object store of the node whose session dir is `options.sessionDir`.
 *
 * @example
 * const store = openObjectStore({ sessionDir, objectStoreMemory: 2 ** 30 });
 */
export function openObjectStore(options: ObjectStoreOptions): ObjectStore {
  return new LmdbObjectStore(options);
}
