/**
 * The one test of "did the method return something to wait for", shared by live
 * calls and replay, and cheap on the hot path.
 */

/** Whether `value` is a promise or other thenable. */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  // Primitives first: looking `then` up on a number or string walks its prototype chain.
  if (typeof value !== "object" && typeof value !== "function") return false;
  return value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}
