/**
 * The piscina peer's worker: the same no-op and 1 MiB tasks as `runtime/tasks.ts`.
 * Plain JavaScript: piscina's worker threads do not get the driver's tsx loader on Node 20.
 */

/** Does nothing, returns a small value. */
export function noop() {
  return 0;
}

/** Returns the length of the (copied) byte array it was given. */
export function byteLength(bytes) {
  return bytes.byteLength;
}
