/**
 * A call log kept in the process's memory. It outlives the cells that write it,
 * so a supervisor can rebuild a crashed actor in the same process; it does not
 * survive the process (use the GCS-backed log in `@rayx/core` for that).
 */
import type { CallLog, LoggedCall, Snapshot } from "./CallLog.js";

/**
 * @example
 * ```ts
 * const log = new InMemoryCallLog();
 * const cell = await ActorCell.rebuild(Counter, [], { callLog: log });
 * await cell.call("add", 2);
 * log.length; // 1
 * const again = await ActorCell.rebuild(Counter, [], { callLog: log }); // count is 2 again
 * ```
 */
export class InMemoryCallLog implements CallLog {
  /** Entries after the snapshot before the latest (older ones are compacted away). */
  #entries: LoggedCall[] = [];
  #snapshot: Snapshot | undefined;

  /** Entries held (after compaction). */
  get length(): number {
    return this.#entries.length;
  }

  /** Seq of the newest entry, or of the snapshot if nothing came after it; 0 when empty. */
  get lastSeq(): number {
    return this.#entries.at(-1)?.seq ?? this.#snapshot?.seq ?? 0;
  }

  append(entry: LoggedCall): void {
    if (entry.seq !== this.lastSeq + 1) {
      throw new Error(
        `call log append out of order: got seq ${entry.seq}, expected ${this.lastSeq + 1}`,
      );
    }
    this.#entries.push(entry);
  }

  writeSnapshot(snapshot: Snapshot): void {
    const previous = this.#snapshot?.seq ?? 0;
    if (snapshot.seq < previous) return;
    this.#snapshot = snapshot;
    const keep = this.#entries.findIndex((entry) => entry.seq > previous);
    this.#entries = keep === -1 ? [] : this.#entries.slice(keep);
  }

  latestSnapshot(): Snapshot | undefined {
    return this.#snapshot;
  }

  read(fromSeq: number, limit: number): readonly LoggedCall[] {
    const first = this.#entries[0]?.seq ?? 1;
    const start = Math.max(0, fromSeq - first);
    return this.#entries.slice(start, start + limit);
  }
}
