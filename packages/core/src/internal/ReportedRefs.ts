/**
 * The `RefTracker` of a process that does not own its objects (a worker, a driver
 * joined over ws): it counts the live `ObjectRef`s of each object here and reports to
 * the node manager only the changes — an object now held by this process, or no
 * longer — batched per event turn, and always before the next frame this process
 * sends, so the manager learns of a ref received in a call before that call's reply.
 */
import type { RefTracker } from "./refTracker.js";

export class ReportedRefs implements RefTracker {
  readonly #counts = new Map<string, number>();
  readonly #registry = new FinalizationRegistry<string>((id) => this.#dropped(id));
  readonly #holds = new Set<string>();
  readonly #releases = new Set<string>();
  #scheduled = false;

  /**
   * `send` carries a batch of changes to the node manager; `gone(id)` runs when this
   * process's last ref to `id` was garbage collected.
   */
  constructor(
    private readonly send: (holds: string[], releases: string[]) => void,
    private readonly gone: (id: string) => void = () => undefined,
  ) {}

  made(ref: object, objectId: string): void {
    const count = this.#counts.get(objectId) ?? 0;
    this.#counts.set(objectId, count + 1);
    this.#registry.register(ref, objectId);
    if (count > 0) return;
    // A release not yet reported cancels out: the manager still counts this process.
    if (!this.#releases.delete(objectId)) this.#holds.add(objectId);
    this.#schedule();
  }

  /** Reports the pending changes now (call before sending any other frame). */
  flush(): void {
    if (this.#holds.size === 0 && this.#releases.size === 0) return;
    const holds = [...this.#holds];
    const releases = [...this.#releases];
    this.#holds.clear();
    this.#releases.clear();
    this.send(holds, releases);
  }

  #dropped(objectId: string): void {
    const count = this.#counts.get(objectId) ?? 1;
    if (count > 1) {
      this.#counts.set(objectId, count - 1);
      return;
    }
    this.#counts.delete(objectId);
    this.gone(objectId);
    // Reported even when its hold was not: the manager counts this process as holding an
    // object it made or sent for this process's call, without waiting for the report.
    this.#releases.add(objectId);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.flush();
    });
  }
}
