/**
 * Hands a replayed call the recorded outcomes of its outgoing calls, in the order
 * they were made live, so replay repeats no side effect; and tells whether the
 * replayed code asked for exactly the outcomes that were recorded.
 */
import type { LoggedCall } from "../CallLog.js";
import { ReplayDivergedError } from "../errors.js";

export class ReplayCursor {
  #next = 0;

  constructor(
    readonly actorId: string,
    readonly entry: LoggedCall,
  ) {}

  /** The next recorded outcome, as the promise the live call returned. */
  next<R>(): Promise<R> {
    const { results, seq } = this.entry;
    const recorded = results[this.#next++];
    if (recorded === undefined) {
      const detail = `it made more outgoing calls than the ${results.length} recorded`;
      return Promise.reject(new ReplayDivergedError(this.actorId, seq, detail));
    }
    return "error" in recorded
      ? // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- replays what the callee threw, as it was
        Promise.reject(recorded.error)
      : Promise.resolve(recorded.value as R);
  }

  /** Throws `ReplayDivergedError` unless every recorded outcome was asked for. */
  finish(): void {
    const { results, seq } = this.entry;
    if (this.#next !== results.length) {
      const detail = `it made ${this.#next} outgoing calls, the log recorded ${results.length}`;
      throw new ReplayDivergedError(this.actorId, seq, detail);
    }
  }
}
