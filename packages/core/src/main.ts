/**
 * The entry point helper for user programs: runs the program's body in the driver
 * only, and turns a failure into a printed error and exit code 1.
 */
import { callSiteModule } from "./internal/callSiteModule.js";
import { watchEvaluation } from "./internal/evaluatedModules.js";
import { isDriver } from "./isDriver.js";

/**
 * Runs `fn` if this process is the driver, once the calling module has finished
 * loading (so everything at its top level is defined first); does nothing in a worker
 * (which imports the module only to find its actors and tasks). If `fn` throws or
 * rejects, the error is printed to stderr and the process exits with code 1.
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
  const run = () => Promise.resolve().then(fn).catch(fail);
  let module: string;
  try {
    module = callSiteModule();
  } catch {
    // No module to wait for (an eval, a REPL): task() checks its export later instead.
    void run();
    return;
  }
  // From then on, a task() made in this module is not at its top level (task.ts).
  void watchEvaluation(module).then(run);
}
