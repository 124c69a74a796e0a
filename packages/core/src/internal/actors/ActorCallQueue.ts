/**
 * Calls to actors, in order: a call waits in its actor's queue (while its arguments'
 * refs resolve, or while the actor is down) and goes to the live incarnation within
 * the in-flight window; its reply settles its result object. A call lost with an
 * incarnation stays in flight until the rebuild sends it again or the actor ends.
 */
import { ActorDiedError, MailboxFullError } from "@rayx/actors";
import { newObjectId } from "@rayx/objectstore";
import { TaskError, WorkerDiedError } from "../../errors.js";
import { ObjectRef } from "../../ObjectRef.js";
import type { ObjectTable } from "../ObjectTable.js";
import { encodeValue } from "../wireCodec.js";
import type { WorkerSlots } from "../workers/WorkerSlots.js";
import type { ActorEntry, PendingCall } from "./ActorEntry.js";
import { ended } from "./ActorEntry.js";
import { deliveryOf, notAppliedError, outcomeUnknownError } from "./callDelivery.js";
import { mailboxFull, sendWindow } from "./mailboxBound.js";

export class ActorCallQueue {
  readonly #objects: ObjectTable;
  readonly #workers: WorkerSlots;
  #nextCall = 1;

  constructor(objects: ObjectTable, workers: WorkerSlots) {
    this.#objects = objects;
    this.#workers = workers;
  }

  /** Queues a call to `entry` (none: the actor is unknown here) and returns its result id. */
  call(
    entry: ActorEntry | undefined,
    actorId: string,
    method: string,
    args: readonly unknown[],
    resultId?: string,
  ): string {
    const hasRefs = args.some((arg) => arg instanceof ObjectRef);
    const argRefs: string[] = [];
    const bytes = encodeValue(args, "args", argRefs);
    const id = resultId ?? newObjectId();
    this.#objects.create(id, argRefs); // a queued call holds its arguments until it ran
    if (entry === undefined || ended(entry)) {
      this.#objects.settle(id, {
        kind: "error",
        error:
          entry?.deathError ??
          new ActorDiedError(actorId, { error: new Error("no such actor on this node") }),
      });
      return id;
    }
    if (mailboxFull(entry.request, entry.waiting.length, entry.inflight.size)) {
      const error = new MailboxFullError(actorId, entry.request.mailbox.capacity);
      this.#objects.settle(id, { kind: "error", error });
      return id;
    }
    const call: PendingCall = {
      resultId: id,
      method,
      bytes: hasRefs ? undefined : bytes,
      attempts: 0,
      lost: false,
    };
    entry.waiting.push(call);
    if (hasRefs) {
      void this.#objects.resolveRefs(args).then(
        (resolved) => {
          call.bytes = encodeValue(resolved, "args");
          this.pump(entry);
        },
        (error: unknown) => {
          entry.waiting.splice(entry.waiting.indexOf(call), 1);
          this.#objects.settle(id, { kind: "error", error: error as Error });
          this.pump(entry);
        },
      );
    } else {
      this.pump(entry);
    }
    return id;
  }

  /**
   * A new incarnation is about to be alive: the calls in flight when the previous one
   * died go again first, in order (taken before it is alive: a call sent to this
   * incarnation is not among them); the rebuild answers those it applied from its log,
   * and those out of retries as probes. A @readonly call costs no attempt.
   */
  redeliver(entry: ActorEntry, readonlyMethods: ReadonlySet<string>): void {
    const lost = [...entry.inflight.values()];
    entry.inflight.clear();
    for (const call of lost) {
      call.lost = false;
      if (!readonlyMethods.has(call.method)) call.attempts++;
    }
    entry.waiting.unshift(...lost);
  }

  /** Sends waiting calls to the live incarnation, in order, up to the first whose arguments are not ready. */
  pump(entry: ActorEntry): void {
    const worker = entry.worker;
    if (entry.state !== "alive" || worker === undefined) return;
    const window = sendWindow(entry.request);
    while (
      entry.waiting.length > 0 &&
      entry.inflight.size < window &&
      (entry.waiting[0] as PendingCall).bytes !== undefined
    ) {
      const call = entry.waiting.shift() as PendingCall;
      const no = this.#nextCall++;
      entry.inflight.set(no, call);
      const delivery = deliveryOf(call, entry.request.maxTaskRetries);
      this.#workers
        .request(worker, {
          kind: "call",
          target: { kind: "actor", actorId: entry.actorId },
          method: call.method,
          args: call.bytes as Uint8Array,
          argRefs: [],
          spanId: call.resultId,
          callId: call.resultId,
          ...(delivery === undefined ? {} : { delivery }),
        })
        .then(
          (value) => {
            entry.inflight.delete(no);
            this.#objects.settle(
              call.resultId,
              value.kind === "objectRef" ? { kind: "stored", objectId: value.objectId } : value,
            );
            this.pump(entry);
          },
          (error: unknown) => this.#failed(entry, no, call, error as Error),
        );
    }
  }

  #failed(entry: ActorEntry, no: number, call: PendingCall, error: Error): void {
    // The actor died under the call: it stays in flight until the rebuild (redelivery) or its end.
    if (error instanceof WorkerDiedError || error.name === "ActorDiedError") {
      call.lost = true;
      if (entry.deathError !== undefined) {
        entry.inflight.delete(no);
        this.#objects.settle(call.resultId, { kind: "error", error: this.#lostError(entry, call) });
      }
      return;
    }
    entry.inflight.delete(no);
    this.#objects.settle(call.resultId, {
      kind: "error",
      error:
        error.name === "CallNotAppliedError"
          ? notAppliedError(entry.actorId, entry.lastError)
          : error.name === "CallOutcomeUnknownError" || error.name === "MailboxFullError"
            ? error
            : new TaskError(`${entry.request.className}.${call.method}`, error),
    });
    this.pump(entry);
  }

  /**
   * The actor ended with `error`: its waiting calls fail with it. A call still running
   * (an actor that stopped itself finishes it) keeps its coming reply; one lost with an
   * incarnation may have been applied before it died, and says so.
   */
  failAll(entry: ActorEntry, error: ActorDiedError): void {
    for (const call of entry.waiting) this.#objects.settle(call.resultId, { kind: "error", error });
    entry.waiting.length = 0;
    for (const [no, call] of entry.inflight) {
      if (!call.lost) continue;
      entry.inflight.delete(no);
      this.#objects.settle(call.resultId, { kind: "error", error: this.#lostError(entry, call) });
    }
  }

  /** What the caller of `call`, lost with `entry`'s incarnation, gets once the actor has ended. */
  #lostError(entry: ActorEntry, call: PendingCall): Error {
    const why = entry.deathError?.message ?? entry.lastError ?? "it ended";
    return outcomeUnknownError(entry.actorId, entry.request.className, call, why);
  }
}
