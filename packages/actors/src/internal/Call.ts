/**
 * A call waiting in (or taken from) a cell's mailbox, with the promise its caller
 * holds. The promise and this record are the only allocations a call makes; a
 * one-way send (`tell`) or a system notice has no promise at all.
 *
 * A call is an object literal from the one site in `newCall`, not a class instance:
 * V8 holds the map of a class instance's fields only weakly (through the class's
 * transition tree), so a full GC with no call alive collected it and discarded the
 * cell's optimised code with it (`--trace-deopt`: "weak objects"); the next few
 * thousand calls then ran 10–50× slower. A literal's map is held by its allocation site.
 */

export interface Call {
  readonly method: string;
  readonly args: unknown[];
  /** The caller's id of the call (logged with it), if it gave one. */
  readonly callId: string | undefined;
  /** `undefined` when nobody waits for the outcome. */
  readonly promise: Promise<unknown> | undefined;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

const ignore = (): void => {};
let capturedResolve: (value: unknown) => void = ignore;
let capturedReject: (error: unknown) => void = ignore;
// A shared executor hands out the resolvers without allocating a closure per call.
function capture(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

/** A call of `method` with `args`; with a promise for its outcome if `reply`. */
export function newCall(method: string, args: unknown[], reply: boolean, callId?: string): Call {
  let promise: Promise<unknown> | undefined;
  let resolve: (value: unknown) => void = ignore;
  let reject: (error: unknown) => void = ignore;
  if (reply) {
    promise = new Promise(capture);
    resolve = capturedResolve;
    reject = capturedReject;
  }
  return { method, args, callId, promise, resolve, reject };
}
