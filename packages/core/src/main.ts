/**
 * The entry point helper for user programs: runs the program's body in the driver
 * only, and turns a failure into a printed error and exit code 1.
 */
import { isDriver } from "./isDriver.js";

/**
 * Runs `fn` if this process is the driver; does nothing in a worker (which imports
 * the module only to find its actors and tasks). If `fn` throws or rejects, the error
 * is printed to stderr and the process exits with code 1.
 *
 * @example
 * export const square = task(function square(x: number) { return x * x; });
 *
 * main(async () => {
 *   await init();
 *   console.log(await get(square.remote(4))); // 16
 *   await shutdown();
 * });
 */
export function main(fn: () => unknown): void {
  if (!isDriver()) return;
  const fail = (error: unknown) => {
    console.error(error);
    process.exit(1);
  };
  try {
    Promise.resolve(fn()).catch(fail);
  } catch (error) {
    fail(error);
  }
}
