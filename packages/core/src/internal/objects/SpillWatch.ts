/**
 * Mirrors which objects of the node's store are spilled into the GCS objects table
 * (`spilledUrl`, what `rayx memory` and `list objects` show): any process of the node
 * may spill while it writes, so the node manager looks at the store's spill and
 * restore counters each `intervalMs` and, only when they moved, scans for the objects
 * now on disk and updates the records that changed.
 */
import type { ObjectStore } from "@rayx/objectstore";
import type { GcsObjectDirectory } from "../GcsObjectDirectory.js";

/** How often the counters are read, by default. */
export const SPILL_WATCH_INTERVAL_MS = 250;

export class SpillWatch {
  readonly #timer: NodeJS.Timeout;
  /** `spillsTotal + restoresTotal` at the last scan. */
  #moves = 0;
  /** What the last scan found: object id → spill file URL. */
  #spilled = new Map<string, string>();

  constructor(
    private readonly store: Pick<ObjectStore, "stats" | "spilled">,
    private readonly directory: Pick<GcsObjectDirectory, "spilled">,
    intervalMs = SPILL_WATCH_INTERVAL_MS,
  ) {
    this.#timer = setInterval(() => this.check(), intervalMs).unref();
  }

  /** Updates the records if spills or restores happened since the last look. */
  check(): void {
    let now: Map<string, string>;
    try {
      const { spillsTotal, restoresTotal } = this.store.stats();
      if (spillsTotal + restoresTotal === this.#moves) return;
      this.#moves = spillsTotal + restoresTotal;
      now = this.store.spilled();
    } catch {
      return; // the store is closing
    }
    for (const [id, url] of now) if (this.#spilled.get(id) !== url) this.directory.spilled(id, url);
    for (const id of this.#spilled.keys()) if (!now.has(id)) this.directory.spilled(id, undefined);
    this.#spilled = now;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
