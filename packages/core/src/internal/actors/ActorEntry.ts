/**
 * What the actor manager keeps per actor across its incarnations: its spawn request,
 * lifecycle state and restarts, where it runs now, its supervisor, and the calls
 * waiting for it or in flight to it. An entry outlives its incarnations; it ends once
 * the actor is dead or stopped for good (`ended`).
 */
import type { ActorDiedError, ExitReason, LifecycleState, Supervisor } from "@rayx/actors";
import type { SpawnRequest } from "../clusterClient.js";
import type { RemoteActor } from "../RemoteActor.js";
import type { WorkerSlot } from "../WorkerSlot.js";

/** One call to an actor, from when it is made until its result settles. */
export interface PendingCall {
  readonly resultId: string;
  readonly method: string;
  /** Its encoded arguments; undefined while refs among them are being resolved. */
  bytes: Uint8Array | undefined;
  attempts: number;
  /** Its incarnation died under it: no reply will come. */
  lost: boolean;
}

export interface ActorEntry {
  readonly request: SpawnRequest;
  readonly actorId: string;
  /** The job of the driver that spawned it (or whose `supervise()` tree it is in). */
  readonly jobId: string;
  readonly namespace: string;
  readonly ctorArgs: Uint8Array;
  state: LifecycleState;
  restarts: number;
  worker: WorkerSlot | undefined;
  incarnation: RemoteActor | undefined;
  /**
   * An isolated actor's own process, kept between its incarnations while it lives: a
   * restart after a crash it survived (a method threw) runs there, as a pooled actor's
   * runs in a worker it shares; retired once the actor ends for good.
   */
  ownWorker: WorkerSlot | undefined;
  lastError: string | undefined;
  /** Its supervisor's id, and how to reach that supervisor now (a nested one is started by its parent). */
  readonly supervisorId: string;
  readonly owner: () => Promise<Supervisor>;
  /** Its id among its supervisor's children. */
  readonly childId: string;
  readonly waiting: PendingCall[];
  readonly inflight: Map<number, PendingCall>;
  /** What calls reject with once the actor ended for good (dead, or stopped and not coming back). */
  deathError: ActorDiedError | undefined;
}

/** Whether the actor ended for good (dead or stopped): nothing restarts it. */
export function ended(entry: ActorEntry): boolean {
  return entry.deathError !== undefined;
}

/** An exit reason as a line for `lastError` and `ActorDiedError`. */
export function describeExit(reason: ExitReason): string {
  if (typeof reason === "string") return `it stopped (${reason})`;
  const error = reason.error;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
