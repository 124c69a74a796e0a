/**
 * Tells the driver (the user's program) from a worker process that imported the same
 * module to find its actors and tasks. Workers are marked by the pool that forks them.
 */
import { WORKER_ID_ENV } from "./internal/workerEnv.js";

/**
 * True in the user's own program, false in a rayx worker process. A worker imports the
 * module that defines an actor or task, so top-level code that should run once
 * (starting the cluster, spawning actors) must be guarded — or use `main()`.
 *
 * @example
 * if (isDriver()) {
 *   await init();
 *   console.log(await get(add.remote(1, 2)));
 * }
 */
export function isDriver(): boolean {
  return process.env[WORKER_ID_ENV] === undefined;
}
