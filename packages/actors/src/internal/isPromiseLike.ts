/** Whether a method's result is a promise (or thenable) to wait for, checked cheaply on the hot path. */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  // Primitives first: looking `then` up on a number or string walks its prototype chain.
  if (typeof value !== "object" && typeof value !== "function") return false;
  return value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}
