/**
 * The node manager's reference counts: one count per object, the sum of its holds —
 * each live `ObjectRef` in the manager's own process, each other process (a worker,
 * a joined driver) that reported live refs to it (one hold per process, dropped when
 * the process goes), the arguments of a pending task or actor call, a task's lineage
 * (its arguments, while its result lives), and an inline value that contains a ref.
 * When the count of an object reaches zero it is freed (`free`). Releases apply one
 * event turn later, so a reply carrying a ref, decoded in the same turn as the
 * release of another ref to it, holds it first.
 */

export class RefCounts {
  readonly #counts = new Map<string, number>();
  /** Ids each reporting process holds. */
  readonly #byProcess = new Map<string, Set<string>>();
  #releases: string[] = [];
  #scheduled = false;

  /** `free(id)` runs once the last hold of `id` is released. */
  constructor(private readonly free: (id: string) => void) {}

  /** Holds of `id` now (0 when none). */
  count(id: string): number {
    return this.#counts.get(id) ?? 0;
  }

  hold(id: string): void {
    this.#counts.set(id, (this.#counts.get(id) ?? 0) + 1);
  }

  holdAll(ids: readonly string[]): void {
    for (const id of ids) this.hold(id);
  }

  /** Drops one hold of `id` (next event turn). */
  release(id: string): void {
    this.#releases.push(id);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#flush());
  }

  releaseAll(ids: readonly string[]): void {
    for (const id of ids) this.release(id);
  }

  /** Process `holder` now has live refs to `holds`, and none left to `releases`. */
  report(holder: string, holds: readonly string[], releases: readonly string[]): void {
    let held = this.#byProcess.get(holder);
    if (held === undefined) this.#byProcess.set(holder, (held = new Set()));
    for (const id of holds) {
      if (held.has(id)) continue;
      held.add(id);
      this.hold(id);
    }
    for (const id of releases) if (held.delete(id)) this.release(id);
    if (held.size === 0) this.#byProcess.delete(holder);
  }

  /** Process `holder` is gone: its holds go with it. */
  processGone(holder: string): void {
    const held = this.#byProcess.get(holder);
    if (held === undefined) return;
    this.#byProcess.delete(holder);
    this.releaseAll([...held]);
  }

  #flush(): void {
    this.#scheduled = false;
    const releases = this.#releases;
    this.#releases = [];
    for (const id of releases) {
      const count = this.#counts.get(id);
      if (count === undefined) continue;
      if (count > 1) {
        this.#counts.set(id, count - 1);
        continue;
      }
      this.#counts.delete(id);
      this.free(id);
    }
  }
}
