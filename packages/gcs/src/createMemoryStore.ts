/**
 * The in-memory `TableStore` factory, for tests of layers above the GCS (one
 * process, nothing on disk; passes the same contract test as the LMDB store).
 */
import { MemoryTableStore } from "./internal/MemoryTableStore.js";
import type { TableStore } from "./TableStore.js";

/**
 * A `TableStore` in this process's memory, for tests of layers above the GCS.
 * Not shared between processes and gone on exit.
 *
 * @example
 * ```ts
 * const gcs = new Gcs(createMemoryStore());
 * ```
 */
export function createMemoryStore(): TableStore {
  return new MemoryTableStore();
}
