/**
 * A call waiting in (or taken from) a cell's mailbox, with the promise its caller
 * holds. The promise and this record are the only allocations a call makes; a
 * one-way send (`tell`) or a system notice has no promise at all.
 */

const ignore = (): void => {};
let capturedResolve: (value: unknown) => void = ignore;
let capturedReject: (error: unknown) => void = ignore;
// A shared executor hands out the resolvers without allocating a closure per call.
function capture(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

export class Call {
  /** `undefined` when nobody waits for the outcome. */
  readonly promise: Promise<unknown> | undefined;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;

  constructor(
    readonly method: string,
    readonly args: unknown[],
    reply: boolean,
  ) {
    if (reply) {
      this.promise = new Promise(capture);
      this.resolve = capturedResolve;
      this.reject = capturedReject;
    } else {
      this.promise = undefined;
      this.resolve = this.reject = ignore;
    }
  }
}
