/**
 * Core's `Clock`: wall time (`Date.now()`, what GCS records and deadlines across
 * processes compare) and unref'd Node timers. Managers take a `Clock` so their unit
 * tests can run on a `SimulatedClock` instead of sleeping.
 */
import type { Clock } from "@rayx/actors";

export const wallClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};
