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
  // Runnables scheduled while draining are appended and run in this same pass.
  for (let i = 0; i < ready.length; i++) (ready[i] as Runnable)[RUN]();
  ready.length = 0;
  pending = false;
}
