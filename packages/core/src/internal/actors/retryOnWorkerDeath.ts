/**
 * Placing an actor again when the worker (or node) chosen for it dies while the actor
 * starts: a spawn or a rebuild caught by that death is not the actor's failure, so
 * it is placed on another live worker rather than failing with `WorkerDiedError`.
 */
import { WorkerDiedError } from "../../errors.js";

/** Placements tried before the `WorkerDiedError` reaches the spawn's caller (or supervisor). */
export const PLACEMENT_ATTEMPTS = 5;

/**
 * Runs `place` (pick a worker, start the actor there) until it does not fail with
 * `WorkerDiedError`, up to `PLACEMENT_ATTEMPTS` times, or until `stopping()` says the
 * runtime is shutting down. Between attempts it waits for `changed()` (a worker came
 * or went, a node left): the dead worker's node may not be known dead yet, and trying
 * again at once would pick the same dead place every time.
 *
 * @example
 * const worker = await retryOnWorkerDeath(() => startOn(pickWorker()), () => shuttingDown, placesChanged);
 */
export async function retryOnWorkerDeath<T>(
  place: () => Promise<T>,
  stopping: () => boolean,
  changed: () => Promise<void>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const next = changed();
    try {
      return await place();
    } catch (error) {
      if (!(error instanceof WorkerDiedError) || attempt >= PLACEMENT_ATTEMPTS || stopping()) {
        throw error;
      }
      // Bounded: a death already taken into account brings no further change.
      await Promise.race([next, delay(CHANGE_WAIT_MS * attempt)]);
    }
  }
}

/** The longest wait between two placements is this many ms times the attempt number. */
const CHANGE_WAIT_MS = 500;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
