/**
 * Runs a supervisor's operations one at a time, in arrival order: the message loop
 * of OTP's gen_server. Child exits, retries and administration calls all pass
 * through it, so each sees the state the previous one left.
 */

/** One queued operation; `cancel` is called instead of `run` when the queue is cancelled first. */
export interface Job {
  /** Must not reject. */
  run(): Promise<void>;
  cancel(error: Error): void;
}

export class OperationQueue {
  readonly #jobs: Job[] = [];
  #draining = false;

  push(job: Job): void {
    this.#jobs.push(job);
    if (!this.#draining) void this.#drain();
  }

  /** Cancels every job not yet started. */
  cancelAll(error: Error): void {
    for (const job of this.#jobs.splice(0)) job.cancel(error);
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    for (let job = this.#jobs.shift(); job !== undefined; job = this.#jobs.shift()) await job.run();
    this.#draining = false;
  }
}
