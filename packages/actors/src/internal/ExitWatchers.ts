/**
 * Who hears of a process's exit: its linked processes and its monitors. A cell
 * makes this on the first link or monitor, so an idle cell holds one empty field;
 * the cell decides what a link means, this only keeps the lists and tells them.
 */
import type { ExitReason } from "../ExitReason.js";
import type { Process } from "../Process.js";

export class ExitWatchers {
  #monitors: ((reason: ExitReason) => void)[] | undefined;
  /** Linked processes, with the monitor to remove on unlink (for non-cell processes). */
  #links: Map<Process, (() => void) | undefined> | undefined;

  /** Adds a one-shot exit listener; returns its removal. */
  monitor(listener: (reason: ExitReason) => void): () => void {
    const monitors = (this.#monitors ??= []);
    monitors.push(listener);
    return () => {
      const index = monitors.indexOf(listener);
      if (index !== -1) monitors.splice(index, 1);
    };
  }

  isLinked(other: Process): boolean {
    return this.#links?.has(other) === true;
  }

  /** Records a link to `other`; `unmonitor` removes the monitor that watches it, if any. */
  link(other: Process, unmonitor?: () => void): void {
    (this.#links ??= new Map()).set(other, unmonitor);
  }

  /** Removes the link to `other` and the monitor that watches it, if any. */
  unlink(other: Process): void {
    this.#links?.get(other)?.();
    this.#links?.delete(other);
  }

  /** Removes the link to `other` without touching its monitor (it has fired); false if there was none. */
  forget(other: Process): boolean {
    return this.#links?.delete(other) === true;
  }

  /**
   * Empties both lists: hands each linked process to `deliver`, then calls each
   * monitor with `reason`. A throwing listener does not stop the others; its
   * error is rethrown in a microtask rather than into the caller.
   */
  notify(reason: ExitReason, deliver: (other: Process) => void): void {
    const links = this.#links;
    this.#links = undefined;
    for (const [other, unmonitor] of links ?? []) {
      unmonitor?.();
      deliver(other);
    }
    const monitors = this.#monitors;
    this.#monitors = undefined;
    for (const listener of monitors ?? []) {
      try {
        listener(reason);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
