/**
 * A `Clock` whose time moves only when a test says so. Timers fire in time order
 * (ties in the order they were set) as `advance` or `runAll` passes their due
 * time, so tests of timeouts, backoff and restart windows are exact and never sleep.
 */
import type { Clock, Timer } from "./Clock.js";

interface Scheduled {
  readonly due: number;
  readonly order: number;
  readonly callback: () => void;
}

/**
 * @example
 * ```ts
 * const clock = new SimulatedClock();
 * const fired: number[] = [];
 * clock.setTimeout(() => fired.push(clock.now()), 100);
 * clock.advance(99); // fired: []
 * clock.advance(1); // fired: [100]
 * ```
 */
export class SimulatedClock implements Clock {
  #now: number;
  #order = 0;
  /** Sorted by due time, then by the order timers were set. */
  #timers: Scheduled[] = [];

  /** Starts at `start` ms. Defaults to `0`. */
  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Timers set and neither fired nor cancelled. */
  get pending(): number {
    return this.#timers.length;
  }

  setTimeout(callback: () => void, ms: number): Timer {
    const timer: Scheduled = { due: this.#now + Math.max(0, ms), order: this.#order++, callback };
    const timers = this.#timers;
    let index = timers.length;
    while (index > 0 && (timers[index - 1] as Scheduled).due > timer.due) index--;
    timers.splice(index, 0, timer);
    return {
      cancel: () => {
        const at = this.#timers.indexOf(timer);
        if (at !== -1) this.#timers.splice(at, 1);
      },
    };
  }

  /**
   * Moves time forward by `ms`, firing every timer due by then in time order, with
   * `now()` set to each timer's due time as it fires; timers set by fired timers
   * fire too if they fall in the window. Returns how many fired.
   */
  advance(ms: number): number {
    if (!(ms >= 0)) throw new RangeError(`advance(ms) needs ms >= 0, got ${ms}`);
    const end = this.#now + ms;
    let fired = 0;
    for (
      let next = this.#timers[0];
      next !== undefined && next.due <= end;
      next = this.#timers[0]
    ) {
      this.#timers.shift();
      this.#now = next.due;
      next.callback();
      fired++;
    }
    this.#now = end;
    return fired;
  }

  /**
   * Fires timers until none is left, moving time to each one's due time. Throws
   * after `limit` timers (default `10000`): a timer that always sets another never ends.
   */
  runAll(limit = 10_000): number {
    let fired = 0;
    for (let next = this.#timers[0]; next !== undefined; next = this.#timers[0]) {
      if (fired >= limit) {
        throw new Error(
          `runAll: ${this.#timers.length} timers still pending after firing ${fired}`,
        );
      }
      fired += this.advance(next.due - this.#now);
    }
    return fired;
  }
}
