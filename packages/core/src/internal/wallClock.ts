/**
 * Core's `Clock`: wall time (`Date.now()`, what GCS records and deadlines across
 * processes compare; the kernel's `systemClock` is monotonic per process) with the
 * kernel's unref'd timers. Managers take a `Clock` so their unit tests can run on a
 * `SimulatedClock` instead of sleeping.
 */
import { systemClock } from "@rayx/actors";
import type { Clock } from "@rayx/actors";

export const wallClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => systemClock.setTimeout(callback, ms),
};
