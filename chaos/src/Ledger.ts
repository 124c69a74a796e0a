/**
 * What the callers of a chaos run were told, per call: every increment has a unique
 * token; the ledger notes when it was sent and how it settled (acknowledged, or the
 * error class it rejected with). `tally` then compares it with the tokens the
 * counters hold: lost, doubled, applied-but-rejected are counted call by call.
 */

/** The outcome of a call whose caller was killed before it settled. */
export const ABANDONED = "abandoned";

/**
 * Outcomes that say a call may have been applied: the state may hold it or not
 * (`HeadConnectionLostError`: it was in flight when the head went away).
 */
const MAY_HAVE_APPLIED = new Set(["CallOutcomeUnknownError", "HeadConnectionLostError", ABANDONED]);

interface CallRecord {
  readonly counter: number;
  readonly sentAt: number;
  settledAt: number;
  /** `"ok"`, or the name of the error class the caller caught; `undefined` while pending. */
  outcome: string | undefined;
}

/** The figures of one run. */
export interface Tally {
  readonly sent: number;
  readonly acknowledged: number;
  /** Acknowledged, yet not in the state. */
  readonly lost: number;
  /** In the state more than once. */
  readonly doubled: number;
  /** In the state although the caller caught an error saying it was not applied. */
  readonly appliedButRejected: number;
  /** Rejected with an error saying it may have been applied, or its caller was killed (allowed either way). */
  readonly outcomeUnknown: number;
  /** Rejected, not in the state: what a caller may retry. */
  readonly rejected: number;
  /** Never settled before the run ended. */
  readonly unsettled: number;
  /** Tokens a counter holds that no caller sent. */
  readonly unknownTokens: number;
  /** Rejections by error class. */
  readonly errors: Readonly<Record<string, number>>;
}

/** What the load generator notes of each call. */
export interface CallNotes {
  /** Notes a call to counter `counter` sent at `now`; returns its token. */
  send(counter: number, now: number): number;
  /** Notes how the call `token` settled: `"ok"` or the error class's name. */
  settle(token: number, outcome: string, now: number): void;
}

export class Ledger implements CallNotes {
  readonly #calls = new Map<number, CallRecord>();
  #next = 0;

  send(counter: number, now: number): number {
    const token = this.#next++;
    this.sent(token, counter, now);
    return token;
  }

  /** Notes a call whose token someone else chose (a driver in another process). */
  sent(token: number, counter: number, now: number): void {
    this.#calls.set(token, { counter, sentAt: now, settledAt: 0, outcome: undefined });
  }

  settle(token: number, outcome: string, now: number): void {
    const call = this.#calls.get(token);
    if (call === undefined) throw new Error(`token ${token} settled but never sent`);
    call.outcome = outcome;
    call.settledAt = now;
  }

  get size(): number {
    return this.#calls.size;
  }

  /** Marks every call still pending as abandoned (its caller was killed). */
  abandonPending(now: number): void {
    for (const call of this.#calls.values()) {
      if (call.outcome === undefined) {
        call.outcome = ABANDONED;
        call.settledAt = now;
      }
    }
  }

  /** When the first call to `counter` sent at or after `since` was acknowledged, if one was. */
  firstAckAfter(counter: number, since: number): number | undefined {
    let first: number | undefined;
    for (const call of this.#calls.values()) {
      if (call.sentAt < since || call.outcome !== "ok" || call.counter !== counter) continue;
      if (first === undefined || call.settledAt < first) first = call.settledAt;
    }
    return first;
  }

  /** Compares the ledger with the tokens each counter holds (`held[counter]`). */
  tally(held: readonly (readonly number[])[]): Tally {
    const seen = new Map<number, number>();
    let unknownTokens = 0;
    held.forEach((tokens, counter) => {
      for (const token of tokens) {
        if (this.#calls.get(token)?.counter !== counter) unknownTokens++;
        else seen.set(token, (seen.get(token) ?? 0) + 1);
      }
    });
    const errors: Record<string, number> = {};
    let acknowledged = 0;
    let lost = 0;
    let doubled = 0;
    let appliedButRejected = 0;
    let outcomeUnknown = 0;
    let rejected = 0;
    let unsettled = 0;
    for (const [token, call] of this.#calls) {
      const times = seen.get(token) ?? 0;
      if (times > 1) doubled++;
      if (call.outcome === undefined) unsettled++;
      else if (call.outcome === "ok") {
        acknowledged++;
        if (times === 0) lost++;
      } else {
        errors[call.outcome] = (errors[call.outcome] ?? 0) + 1;
        if (MAY_HAVE_APPLIED.has(call.outcome)) outcomeUnknown++;
        else if (times > 0) appliedButRejected++;
        else rejected++;
      }
    }
    return {
      sent: this.#calls.size,
      acknowledged,
      lost,
      doubled,
      appliedButRejected,
      outcomeUnknown,
      rejected,
      unsettled,
      unknownTokens,
      errors,
    };
  }
}
