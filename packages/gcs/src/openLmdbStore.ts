/**
 * Opens the LMDB control store of a host: the env every process of the host shares,
 * under the session's storage dir, with the durability the caller chose. The store
 * itself is internal (`internal/LmdbTableStore.ts`); callers get a `TableStore`.
 */
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { open } from "lmdb";
import { StorageDamagedError } from "./errors.js";
import { findLmdbDamage, type LmdbCheckDepth } from "./findLmdbDamage.js";
import { LmdbTableStore } from "./internal/LmdbTableStore.js";
import type { TableStore } from "./TableStore.js";

export interface LmdbStoreOptions {
  /** Directory of the env (created 0700 if missing); the env file is `gcs.mdb` in it. */
  readonly dir: string;
  /**
   * `"process"` (default): a commit is acknowledged once it is in the OS page cache,
   * which survives `kill -9` of any process but not power loss. `"fsync"`: a commit
   * is acknowledged once it is flushed to disk, surviving power loss too (slower).
   */
  readonly durability?: "process" | "fsync";
  /** Reader slots shared by every process and thread of the host; defaults to 1024. */
  readonly maxReaders?: number;
  /**
   * Commit by writing straight into the memory map (LMDB `MDB_WRITEMAP`): about 2x
   * the append rate when many actors' logs interleave, at the price of LMDB's
   * protection of the map against stray native writes. Durability is unchanged.
   * Defaults to `false`.
   */
  readonly writeMap?: boolean;
  /**
   * Open for reading only (LMDB `MDB_RDONLY`): nothing is written to the data file, not
   * even tables that do not exist yet (they read as empty). The env must exist.
   * Defaults to `false`.
   */
  readonly readOnly?: boolean;
  /**
   * How the file is checked before LMDB maps it (`StorageDamagedError` when damaged):
   * `"meta"` (default) its two meta pages; `"pages"` also every page reachable from
   * them (a walk of the whole file, for readers that must not crash on a damaged copy).
   */
  readonly check?: LmdbCheckDepth;
}

const ENV_FILE = "gcs.mdb";

/**
 * Opens (creating if needed) the control store env in `dir`. Every process of the
 * host opens the same dir; LMDB serialises their writers and they read each other's
 * commits from the next event turn on. The dir is 0700, the files 0600. The file is
 * checked before LMDB maps it: a damaged one throws `StorageDamagedError` naming it.
 *
 * @example
 * ```ts
 * const store = openLmdbStore({ dir: join(sessionDir, "gcs") });
 * const gcs = new Gcs(store);
 * ```
 */
export function openLmdbStore(options: LmdbStoreOptions): TableStore {
  const { dir, durability = "process", maxReaders = 1024, writeMap = false } = options;
  const { readOnly = false, check = "meta" } = options;
  if (!readOnly && !existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, ENV_FILE);
  const problem = findLmdbDamage(path, check);
  if (problem !== undefined) throw new StorageDamagedError(path, problem);
  const fsync = durability === "fsync";
  const env = open<Uint8Array, Uint8Array>({
    path,
    maxDbs: 64,
    maxReaders,
    // The map grows on demand (lmdb-js remaps); this is only the first size.
    mapSize: 64 * 1024 * 1024,
    encoding: "binary",
    keyEncoding: "binary",
    // "process": commits land in the page cache without fsync (kill -9 safe, ~10x faster).
    ...(fsync ? { noSync: false } : { noSync: true }),
    useWritemap: writeMap,
    readOnly,
  });
  if (!readOnly)
    for (const file of [path, `${path}-lock`]) if (existsSync(file)) chmodSync(file, 0o600);
  return new LmdbTableStore(env, path, fsync, readOnly);
}
