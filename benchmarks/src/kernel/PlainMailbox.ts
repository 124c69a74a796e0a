/**
 * The in-process limit for the kernel suite: the simplest actor that still keeps
 * actor semantics (one message at a time, in arrival order) — an array queue drained
 * by one microtask loop, with a promise per `ask` (MEASURED.md §7). It has no
 * lifecycle, no supervision and no logging, and it is tuned as far as plain code
 * goes (no async function per drain, no array truncation), so it bounds what rayx's
 * cell can reach; the suite's target is rayx ≥ 50 % of it.
 */

interface Envelope<M, R> {
  readonly message: M;
  readonly resolve: ((result: R) => void) | undefined;
  readonly reject: ((error: unknown) => void) | undefined;
}

// `then` on a settled promise queues a microtask at about half the cost of `queueMicrotask` in Node 20.
const settled = Promise.resolve();

export class PlainMailbox<M, R> {
  // Made on first use, so an idle actor is one small object.
  private queue: (Envelope<M, R> | undefined)[] | undefined;
  private drainNow: (() => void) | undefined;
  private head = 0;
  private tail = 0;
  private scheduled = false;

  constructor(private readonly handler: (message: M) => R | Promise<R>) {}

  /** Fire-and-forget. */
  tell(message: M): void {
    this.enqueue({ message, resolve: undefined, reject: undefined });
  }

  /** Sends `message` and resolves with the handler's result. */
  ask(message: M): Promise<R> {
    return new Promise<R>((resolve, reject) => this.enqueue({ message, resolve, reject }));
  }

  private enqueue(envelope: Envelope<M, R>): void {
    (this.queue ??= [])[this.tail++] = envelope;
    if (!this.scheduled) {
      this.scheduled = true;
      void settled.then((this.drainNow ??= () => this.drain()));
    }
  }

  /**
   * Runs queued messages synchronously while handlers return plain values; an async
   * handler pauses the loop until its promise settles (one message at a time).
   */
  private drain(): void {
    const queue = this.queue!;
    while (this.head < this.tail) {
      const { message, resolve, reject } = queue[this.head]!;
      queue[this.head++] = undefined;
      let result: R | Promise<R>;
      try {
        result = this.handler(message);
      } catch (error) {
        reject?.(error);
        continue;
      }
      if (result instanceof Promise) {
        result.then(
          (value) => (resolve?.(value), this.drain()),
          (error: unknown) => (reject?.(error), this.drain()),
        );
        return;
      }
      resolve?.(result);
    }
    // Rewind rather than shift per message or truncate (`length = 0` is a slow path in V8).
    this.head = this.tail = 0;
    this.scheduled = false;
  }
}
