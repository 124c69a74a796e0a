/**
 * Time as a seam. Restart windows, shutdown timeouts and backoff read a `Clock`
 * so tests can drive a `SimulatedClock` (from `@rayx/actors/testing`) instead of sleeping.
 */

/** A scheduled callback; `cancel()` is idempotent. */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds, monotonic within one process. */
  now(): number;
  /** Runs `callback` once after `ms` milliseconds. */
  setTimeout(callback: () => void, ms: number): Timer;
}

/** The real clock: `performance.now()` and Node timers (unref'd: a pending timeout never keeps a process alive). */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};
