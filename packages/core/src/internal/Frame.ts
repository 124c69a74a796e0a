/**
 * The runtime's frames as domain values: what the driver, its node manager and the
 * workers say to each other. A discriminated union on `kind`, one variant per
 * message of `proto/rayx/v1/core.proto`; `frameCodec.ts` is the only place that
 * turns them into wire bytes and back.
 */

/** The wire protocol version this build speaks; a worker states it in its `hello`. */
export const PROTOCOL_VERSION = 1;

/** A function (task) or class (actor) found by importing `module` (a `file://` URL). */
export interface ExportRef {
  readonly module: string;
  readonly exportName: string;
}

/** A JS error crossing processes, with its remote stack and cause chain. */
export interface ErrorInfo {
  readonly name: string;
  /** A `RayxError`'s code, or `""` for other errors. */
  readonly code: string;
  readonly message: string;
  readonly stack: string;
  readonly cause?: ErrorInfo;
}

/** Who a call goes to: a live actor, or a function to import and run. */
export type CallTarget =
  | { readonly kind: "actor"; readonly actorId: string }
  | { readonly kind: "function"; readonly function: ExportRef };

/** First frame of a worker on its connection: who it is, and that it is ready. */
export interface HelloFrame {
  readonly kind: "hello";
  readonly workerId: string;
  readonly pid: number;
  readonly protocol: number;
}

/**
 * Runs `method` of an actor, or calls a function (`method` is `""`). `requestId` is
 * chosen by the sender, unique among its requests in flight on the connection.
 */
export interface CallFrame {
  readonly kind: "call";
  readonly requestId: number;
  readonly target: CallTarget;
  readonly method: string;
  /** The serialized argument list; the transport never looks inside. */
  readonly args: Uint8Array;
  /** Ids of the objects the arguments refer to. */
  readonly argRefs: readonly string[];
  /** A task's lease (`TaskLeases`): its worker runs one lease's tasks one at a time. */
  readonly lease?: number;
  /** The span the worker records the call as (its result object id); absent: not traced. */
  readonly spanId?: string;
  /** A task's id, which its span is recorded under. */
  readonly subjectId?: string;
  /** An actor call's id, chosen by its caller and the same on every delivery (logged with the call). */
  readonly callId?: string;
  /**
   * A delivery after the first, to a rebuilt actor: `"retry"` answers from the log a
   * call it holds, else runs it; `"probe"` answers from the log, else fails with
   * `CallNotAppliedError`. Absent on a first delivery.
   */
  readonly delivery?: Redelivery;
}

/** How a call is delivered again (see `CallFrame.delivery`). */
export type Redelivery = "retry" | "probe";

/** The value of a request: inline bytes, or the id of the object holding it. */
export type ResultValue =
  | { readonly kind: "bytes"; readonly bytes: Uint8Array }
  | { readonly kind: "objectRef"; readonly objectId: string };

export interface ResultFrame {
  readonly kind: "result";
  readonly requestId: number;
  readonly value: ResultValue;
}

/** A request failed (`requestId > 0`), or a frame could not be handled (`requestId` 0). */
export interface FailureFrame {
  readonly kind: "failure";
  readonly requestId: number;
  readonly error: ErrorInfo;
}

export interface CancelFrame {
  readonly kind: "cancel";
  readonly requestId: number;
  /** Kill the worker if the call cannot be interrupted. */
  readonly force: boolean;
}

export interface SpawnActorFrame {
  readonly kind: "spawnActor";
  readonly requestId: number;
  readonly actorId: string;
  readonly actorClass: ExportRef;
  /** The serialized constructor arguments. */
  readonly args: Uint8Array;
  readonly argRefs: readonly string[];
  /** The actor's registered name, if any. */
  readonly name?: string;
}

export type ExitSubject = "actor" | "task" | "worker";
export type ExitReason = "normal" | "crash" | "killed" | "shutdown";

/** A lifecycle notice: an actor, task or worker ended; `error` is set for a crash. */
export interface ExitFrame {
  readonly kind: "exit";
  readonly subjectId: string;
  readonly subjectKind: ExitSubject;
  readonly reason: ExitReason;
  readonly error?: ErrorInfo;
}

/** Asks a worker to finish and exit. */
export interface StopFrame {
  readonly kind: "stop";
  readonly reason: string;
}

/** Many frames in one, for hops where each transport frame costs more than its payload. */
export interface BatchFrame {
  readonly kind: "batch";
  readonly frames: readonly Frame[];
}

/**
 * A worker's code waits in `get`/`wait` (`blocked`), or no longer does: while it
 * waits, the node manager lends out the resources of the tasks that worker runs.
 */
export interface BlockedFrame {
  readonly kind: "blocked";
  readonly blocked: boolean;
}

export type Frame =
  | HelloFrame
  | CallFrame
  | ResultFrame
  | FailureFrame
  | CancelFrame
  | SpawnActorFrame
  | ExitFrame
  | StopFrame
  | BatchFrame
  | BlockedFrame;
