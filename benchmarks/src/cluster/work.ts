/**
 * The task the cluster suite adds to the runtime suites' work (`runtime/actors.ts`,
 * `runtime/tasks.ts`). Workers import this module to find it, so it holds definitions
 * only — no driver code at its top.
 */
import { task } from "@rayx/core";

/** Makes `size` bytes on the node it runs on (stored there: above the inline limit). */
export const makeBytes = task(function makeBytes(size: number): Uint8Array {
  return new Uint8Array(size).fill(7);
});
