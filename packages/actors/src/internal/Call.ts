/**
 * A call waiting in (or taken from) a cell's mailbox, with the promise its caller
 * holds. The promise and this record are the only allocations a call makes.
 */

let capturedResolve: (value: unknown) => void = () => {};
let capturedReject: (error: unknown) => void = () => {};
// A shared executor hands out the resolvers without allocating a closure per call.
function capture(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

export class Call {
  readonly promise: Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;

  constructor(
    readonly method: string,
    readonly args: unknown[],
  ) {
    this.promise = new Promise(capture);
    this.resolve = capturedResolve;
    this.reject = capturedReject;
  }
}
