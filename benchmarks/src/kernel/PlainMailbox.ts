/**
 * The in-process limit for the kernel suite: the simplest actor that still keeps
 * actor semantics (one message at a time, in arrival order) — an array queue drained
 * by one microtask loop, with a promise per `ask` (MEASURED.md §7). It has no
 * lifecycle, no supervision and no logging, so rayx's cell can only be slower; the
 * suite's target is rayx ≥ 50 % of it.
 */

interface Envelope<M, R> {
  readonly message: M;
  readonly resolve: ((result: R) => void) | undefined;
  readonly reject: ((error: unknown) => void) | undefined;
}

export class PlainMailbox<M, R> {
  private queue: Envelope<M, R>[] = [];
  private head = 0;
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
    this.queue.push(envelope);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => void this.drain());
    }
  }

  private async drain(): Promise<void> {
    while (this.head < this.queue.length) {
      const { message, resolve, reject } = this.queue[this.head++]!;
      try {
        const result = this.handler(message);
        resolve?.(result instanceof Promise ? await result : result);
      } catch (error) {
        reject?.(error);
      }
    }
    // Reset rather than shift per message: the queue is reused, never compacted mid-drain.
    this.queue.length = 0;
    this.head = 0;
    this.scheduled = false;
  }
}
