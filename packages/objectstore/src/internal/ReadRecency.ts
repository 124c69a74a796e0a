/**
 * The "recently used" half of LRU spilling: reads are noted in memory and, at most
 * every `FLUSH_MS`, written as new LRU ticks in one background transaction. Skipped
 * while the store is less than half full: no spill is near, and rewriting the meta
 * of every read object would cost more than the reads themselves; below half the
 * capacity, LRU order is put order.
 */
import type { ObjectTables } from "./ObjectTables.js";

const FLUSH_MS = 50;
/** Below this fraction of the capacity, reads do not update the LRU order. */
const MIN_FILL = 0.5;

export class ReadRecency {
  #touched = new Set<string>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly tables: ObjectTables,
    private readonly capacity: number,
    /** Queues a write transaction nobody awaits. */
    private readonly background: (body: () => void) => unknown,
  ) {}

  touch(id: string): void {
    this.#touched.add(id);
    this.#timer ??= setTimeout(() => this.flush(), FLUSH_MS).unref();
  }

  /** Moves the objects read since the last flush to the recent end of the LRU order. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#touched.size === 0) return;
    const ids = this.#touched;
    this.#touched = new Set();
    if (this.tables.counters().used < this.capacity * MIN_FILL) return;
    const { tables } = this;
    this.background(() => {
      for (const id of ids) {
        const meta = tables.getMeta(id);
        if (!meta?.resident) continue;
        meta.tick = tables.updateCounters((c) => c.tick++).tick;
        tables.meta.putSync(id, meta);
      }
    });
  }
}
