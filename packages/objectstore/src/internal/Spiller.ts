/**
 * Keeps resident bytes within the capacity: before an object is written that would
 * not fit, the least recently used unpinned objects are moved to spill files until
 * resident bytes are back under `LOW_WATER` of the capacity (so the full scan this
 * takes happens once per tenth of the capacity written, not once per put). A
 * spilled object is restored into LMDB when read (best effort: if it does not fit,
 * it stays on disk and is read from its file). Runs inside write transactions.
 */
import { ObjectStoreFullError } from "../errors.js";
import { residentParts, type ObjectMeta, type ObjectTables } from "./ObjectTables.js";
import { isPinned } from "./ReferenceTable.js";
import type { SpillFiles } from "./SpillFiles.js";

const LOW_WATER = 0.9;

export class Spiller {
  constructor(
    private readonly tables: ObjectTables,
    private readonly files: SpillFiles,
    readonly capacity: number,
  ) {}

  /**
   * Spills until `needed` more bytes fit. Decides first and writes after, so a
   * store that cannot make room throws `ObjectStoreFullError` having changed nothing.
   */
  makeRoom(needed: number): void {
    const { tables } = this;
    const used = tables.counters().used;
    if (used + needed <= this.capacity) return;
    if (needed > this.capacity) throw new ObjectStoreFullError(needed, this.capacity, 0);
    const candidates: [string, ObjectMeta][] = [];
    let pinned = 0;
    for (const entry of tables.allMeta()) {
      const meta = entry[1];
      if (!meta.resident) continue;
      if (isPinned(meta)) pinned += meta.size;
      else candidates.push(entry);
    }
    candidates.sort((a, b) => a[1].tick - b[1].tick);
    const target = Math.max(this.capacity * LOW_WATER, needed);
    let freed = 0;
    let count = 0;
    for (const [, meta] of candidates) {
      if (used - freed + needed <= target) break;
      freed += meta.size;
      count++;
    }
    if (used - freed + needed > this.capacity)
      throw new ObjectStoreFullError(needed, this.capacity, pinned);
    for (const [id, meta] of candidates.slice(0, count)) this.#spill(id, meta);
  }

  /** Writes `parts` back into LMDB for a spilled object if they fit; returns whether it did. */
  restore(id: string, parts: readonly Uint8Array[]): boolean {
    const { tables } = this;
    const meta = tables.getMeta(id);
    if (!meta || meta.resident) return false;
    try {
      this.makeRoom(meta.size);
    } catch (error) {
      if (error instanceof ObjectStoreFullError) return false;
      throw error;
    }
    const c = tables.updateCounters((c) => {
      c.tick++;
      c.used += meta.size;
      c.spilledObjects--;
      c.spilledBytes -= meta.size;
      c.restoresTotal++;
    });
    tables.writeParts(id, parts);
    tables.meta.putSync(id, { ...meta, resident: true, tick: c.tick });
    return true;
  }

  #spill(id: string, meta: ObjectMeta): void {
    const { tables } = this;
    if (!meta.onDisk) {
      const parts = residentParts(tables, id, meta.external, true);
      if (!parts) return;
      this.files.write(id, parts);
    }
    tables.removeParts(id, meta);
    tables.meta.putSync(id, { ...meta, resident: false, onDisk: true });
    tables.updateCounters((c) => {
      c.used -= meta.size;
      c.spilledObjects++;
      c.spilledBytes += meta.size;
      c.spillsTotal++;
    });
  }
}
