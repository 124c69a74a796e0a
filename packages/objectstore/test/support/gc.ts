/**
 * Garbage collection on demand for tests of `FinalizationRegistry`-driven release,
 * and a bounded wait for a condition that becomes true after collection.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Collects garbage and yields until `done()` holds, for at most `timeoutMs` (default 5000). */
export async function collectUntil(
  done: () => Promise<boolean> | boolean,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms of garbage collection`);
    gc();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
