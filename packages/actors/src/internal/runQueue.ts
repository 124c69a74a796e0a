/**
 * One microtask drains every cell that has work, instead of one microtask (and
 * one bound callback) per cell: an idle cell then holds no closure at all.
 */

export const RUN: unique symbol = Symbol("rayx.run");

export interface Runnable {
  /** Runs queued work; must not throw. */
  [RUN](): void;
}

const ready: Runnable[] = [];
let pending = false;

/** Runs `runnable[RUN]()` in the next shared microtask (the caller avoids scheduling twice). */
export function schedule(runnable: Runnable): void {
  ready.push(runnable);
  if (!pending) {
    pending = true;
    queueMicrotask(runReady);
  }
}

function runReady(): void {
  let i = 0;
  try {
    // Runnables scheduled while draining are appended and run in this same pass.
    for (; i < ready.length; i++) (ready[i] as Runnable)[RUN]();
  } finally {
    // If one threw (a bug), the rest still run in a later pass instead of never.
    ready.splice(0, i + 1);
    pending = ready.length > 0;
    if (pending) queueMicrotask(runReady);
  }
}
