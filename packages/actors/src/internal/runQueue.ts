/**
 * One microtask drains every cell that has work, instead of one microtask (and
 * one bound callback) per cell: an idle cell then holds no closure at all.
 */

export const RUN: unique symbol = Symbol("rayx.run");

export interface Runnable {
  /** Runs queued work; must not throw. */
  [RUN](): void;
}

// Slots are cleared as they run and `count` reset, never `length = 0` (a slow path in V8).
const ready: (Runnable | undefined)[] = [];
let count = 0;
let pending = false;
// `then` on a settled promise queues a microtask at half the cost of `queueMicrotask` in Node 20.
const settled = Promise.resolve();

/** Runs `runnable[RUN]()` in the next shared microtask (the caller avoids scheduling twice). */
export function schedule(runnable: Runnable): void {
  ready[count++] = runnable;
  if (!pending) {
    pending = true;
    void settled.then(runReady);
  }
}

function runReady(): void {
  let i = 0;
  try {
    // Runnables scheduled while draining are appended and run in this same pass.
    for (; i < count; i++) {
      const runnable = ready[i] as Runnable;
      ready[i] = undefined;
      runnable[RUN]();
    }
    count = 0;
  } finally {
    // Only if one threw (a bug): the rest still run, in a later pass, instead of never.
    if (count > 0) {
      ready.copyWithin(0, i + 1, count);
      count -= i + 1;
      ready.fill(undefined, count);
    }
    pending = count > 0;
    if (pending) void settled.then(runReady);
  }
}
