/**
 * An actor's bounded mailbox, kept where its calls queue: at the head. The calls the
 * head holds for an actor and those it sent that have not started are its mailbox.
 * Under `overflow: "reject"` a call past `capacity` of them fails at once with
 * `MailboxFullError`; under `"backpressure"` it waits at the head and its caller's
 * promise settles once it ran. The head sends a cell at most `capacity` calls at
 * once (a batch lands in its mailbox before the first starts), so the worker's own
 * mailbox never refuses one.
 */
import type { SpawnRequest } from "../clusterClient.js";
import { inflightWindow } from "./callDelivery.js";

type Bounded = Pick<SpawnRequest, "mailbox" | "maxConcurrency" | "snapshotEvery">;

/** Whether a new call to the actor of `request` must be refused. */
export function mailboxFull(request: Bounded, waiting: number, inflight: number): boolean {
  const queued = Math.max(0, waiting + inflight - request.maxConcurrency);
  return request.mailbox.overflow === "reject" && queued >= request.mailbox.capacity;
}

/** The most calls in flight to the actor of `request` at once. */
export function sendWindow(request: Bounded): number {
  return Math.min(inflightWindow(request.snapshotEvery), request.mailbox.capacity);
}
