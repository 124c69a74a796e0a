/**
 * The actors and tasks the cluster suite runs on the cluster's nodes. Workers import
 * this module to find them, so it holds definitions only — no driver code at its top.
 */
import { actor, readonly, task } from "@rayx/core";

/** A logged counter: `add` mutates (so it is logged), `read` is `@readonly`. */
@actor()
export class Counter {
  count = 0;
  add(n: number): number {
    return (this.count += n);
  }
  @readonly()
  read(): number {
    return this.count;
  }
}

/** Makes `size` bytes on the node it runs on (stored there: above the inline limit). */
export const makeBytes = task(function makeBytes(size: number): Uint8Array {
  return new Uint8Array(size).fill(7);
});

/** Reads an array (a ref argument, pulled to this node first) and returns its length. */
export const byteLength = task(function byteLength(bytes: Uint8Array): number {
  return bytes.byteLength;
});
