/**
 * How a node manager delivers an actor's calls, and again after the actor died under
 * them (DESIGN.md "Delivery"). Every call carries its caller's id on every delivery;
 * the actor's log keeps it with the call's result, so a rebuilt actor answers a
 * redelivered call it already applied from its log instead of applying it twice. A
 * call out of retries is delivered once more as a probe: applied, its logged result
 * is its answer; not applied, the caller gets an `ActorDiedError`. A call lost with
 * an actor that never comes back may have been applied: `CallOutcomeUnknownError`.
 */
import { ActorDiedError } from "@rayx/actors";
import { CallOutcomeUnknownError } from "../../errors.js";
import type { Redelivery } from "../Frame.js";

/** What delivery needs to know of a call waiting for, or in flight to, an actor. */
export interface DeliveredCall {
  /** Its result's object id, which is also its call id. */
  readonly resultId: string;
  readonly method: string;
  /** Deliveries after the first. */
  attempts: number;
}

/** How `call` goes out now: first, then `"retry"` while it has retries left, then `"probe"`. */
export function deliveryOf(call: DeliveredCall, maxTaskRetries: number): Redelivery | undefined {
  if (call.attempts === 0) return undefined;
  return call.attempts > maxTaskRetries ? "probe" : "retry";
}

/**
 * The most calls in flight to one actor at once. A rebuilt actor must find every
 * applied call still unanswered in its log; the log keeps the entries since the
 * snapshot before the latest (`CallLog.writeSnapshot`), at least `snapshotEvery`
 * entries, and every entry after an unanswered one is unanswered too (answers come
 * back in log order), so at most this many calls may be unanswered at once.
 */
export function inflightWindow(snapshotEvery: number): number {
  return Math.max(1, snapshotEvery);
}

/** The ids of the calls of `inflight` to deliver again, to tell the rebuild (`@readonly` ones are not logged). */
export function redeliveredIds(
  inflight: Iterable<DeliveredCall>,
  readonlyMethods: ReadonlySet<string>,
): string[] {
  const ids: string[] = [];
  for (const call of inflight) if (!readonlyMethods.has(call.method)) ids.push(call.resultId);
  return ids;
}

/** What a probe's caller gets when the rebuilt actor's log does not hold the call. */
export function notAppliedError(actorId: string, lastError: string | undefined): ActorDiedError {
  return new ActorDiedError(
    actorId,
    { error: new Error(lastError ?? "crashed") },
    { rebuilt: true },
  );
}

/** What the caller of a call lost with an actor that is not coming back gets. */
export function outcomeUnknownError(
  actorId: string,
  className: string,
  call: DeliveredCall,
  why: string,
): CallOutcomeUnknownError {
  return new CallOutcomeUnknownError(
    actorId,
    `${className}.${call.method}`,
    `it was in flight when the actor ended for good (${why})`,
  );
}
