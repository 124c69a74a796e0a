/**
 * The log entry of a mutating call while it runs: it collects the outcomes of the
 * outgoing calls the method makes through `cell.record()`, and gets its `seq`
 * when the call returns (a call that throws is never appended).
 */
import type { LoggedCall, RecordedResult } from "../CallLog.js";

const NO_RESULTS: RecordedResult[] = [];

export class LoggedCallDraft implements LoggedCall {
  seq = 0;
  /** Shared and empty until the first `record`, so calls that make no outgoing calls allocate nothing here. */
  results: RecordedResult[] = NO_RESULTS;

  constructor(
    readonly method: string,
    readonly args: unknown[],
  ) {}

  /** Runs `fn` and records its outcome in a slot reserved now, so results keep the order the calls were made in. */
  record<R>(fn: () => R | PromiseLike<R>): Promise<Awaited<R>> {
    const outcome = new Promise<Awaited<R>>((resolve) => resolve(fn() as Awaited<R>));
    const results = this.results === NO_RESULTS ? (this.results = []) : this.results;
    const slot =
      results.push({ error: new Error("outgoing call still pending when the call returned") }) - 1;
    return outcome.then(
      (value) => {
        results[slot] = { value };
        return value;
      },
      (error: unknown) => {
        results[slot] = { error };
        throw error;
      },
    );
  }
}
