/**
 * Batches the store's queued writes: every change queued in one event turn runs in
 * one lmdb-js transaction callback, with the counters read once and written once
 * (`ObjectTables.inBatch`). Each change checks before it writes, so one that throws
 * fails alone: its promise rejects and the others commit.
 */
import type { ObjectTables } from "./ObjectTables.js";

export class WriteQueue {
  /** Changes queued in this event turn. */
  #batch: QueuedChange<unknown>[] | undefined;
  readonly #pending = new Set<Promise<void>>();

  constructor(private readonly tables: ObjectTables) {}

  /** Runs `body` inside the write transaction of this turn's batch; resolves after the commit. */
  queue<T>(body: () => T): Promise<T> {
    let batch = this.#batch;
    if (!batch) {
      const changes: QueuedChange<unknown>[] = (batch = this.#batch = []);
      const done = this.tables.env.transaction(() => {
        this.#batch = undefined;
        this.tables.inBatch(() => {
          for (const change of changes) change.run();
        });
      });
      this.#pending.add(done);
      done.then(
        () => this.#settle(done, changes),
        (error: unknown) => this.#settle(done, changes, asError(error)),
      );
    }
    const change = new QueuedChange(body);
    batch.push(change as QueuedChange<unknown>);
    return change.promise;
  }

  /** Waits until every batch queued so far (and any queued meanwhile) has committed. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  #settle(done: Promise<void>, changes: readonly QueuedChange<unknown>[], error?: Error): void {
    this.#pending.delete(done);
    for (const change of changes) change.settle(error);
  }
}

/**
 * A change waiting for its batch's transaction: `run` inside it, `settle` after the
 * commit. A class rather than closures: every small put makes one.
 */
class QueuedChange<T> {
  readonly promise: Promise<T>;
  #resolve!: (value: T) => void;
  #reject!: (error: Error) => void;
  #ran = false;
  #value: T | undefined;
  #error: Error | undefined;

  constructor(private readonly body: () => T) {
    this.promise = new Promise<T>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  run(): void {
    try {
      this.#value = this.body();
      this.#ran = true;
    } catch (error) {
      this.#error = asError(error);
    }
  }

  settle(batchError?: Error): void {
    if (batchError !== undefined) this.#reject(batchError);
    else if (this.#error !== undefined) this.#reject(this.#error);
    else if (!this.#ran) this.#reject(new Error("rayx object store: a queued change did not run"));
    else this.#resolve(this.#value as T);
  }
}

export const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));
