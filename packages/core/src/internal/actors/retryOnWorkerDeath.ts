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
 * runtime is shutting down.
 *
 * @example
 * const worker = await retryOnWorkerDeath(() => startOn(pickWorker()), () => shuttingDown);
 */
export async function retryOnWorkerDeath<T>(
  place: () => Promise<T>,
  stopping: () => boolean,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await place();
    } catch (error) {
      if (!(error instanceof WorkerDiedError) || attempt >= PLACEMENT_ATTEMPTS || stopping()) {
        throw error;
      }
    }
  }
}
