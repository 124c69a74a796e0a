/**
 * The log entry of a mutating call while it runs: it collects the outcomes of the
 * outgoing calls the method makes through `cell.record()`, and gets its `seq`
 * when the call returns (a call that throws is never appended).
 *
 * An object literal of one shape rather than a class instance, for the reason given
 * in `Call.ts`: a class instance's map dies in a full GC when no draft is alive
 * (a log that serialises its entries keeps none), and optimised code dies with it.
 */
import type { LoggedCall, RecordedResult } from "../CallLog.js";

export interface LoggedCallDraft extends LoggedCall {
  seq: number;
  /** Shared and empty until the first `record`, so calls that make no outgoing calls allocate nothing here. */
  results: RecordedResult[];
  readonly callId: string | undefined;
  /** Set when the call returns. */
  reply: { readonly value: unknown } | undefined;
}

const NO_RESULTS: RecordedResult[] = [];

/** The draft of a logged call of `method` with `args` (the caller's id `callId`), not yet numbered. */
export function newLoggedCallDraft(
  method: string,
  args: unknown[],
  callId: string | undefined,
): LoggedCallDraft {
  return { seq: 0, method, args, results: NO_RESULTS, callId, reply: undefined };
}

/**
 * Runs `fn` for `draft`'s call and records its outcome in a slot reserved now, so
 * results keep the order the calls were made in.
 */
export function recordOutgoing<R>(
  draft: LoggedCallDraft,
  fn: () => R | PromiseLike<R>,
): Promise<Awaited<R>> {
  const outcome = new Promise<Awaited<R>>((resolve) => resolve(fn() as Awaited<R>));
  const results = draft.results === NO_RESULTS ? (draft.results = []) : draft.results;
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
