/**
 * The records the control store keeps, in domain terms. Their wire form is
 * `proto/rayx/v1/gcs_records.proto`; the codec (internal) converts between the two,
 * so nothing outside it sees generated code. Times are ms since the epoch.
 */

/** Lifecycle states of actors and tasks (DESIGN.md, "Lifecycle machine"). */
export const lifecycleStates = [
  "pending",
  "scheduled",
  "starting",
  "alive",
  "crashed",
  "restarting",
  "replaying",
  "stopping",
  "stopped",
  "dead",
] as const;
export type LifecycleState = (typeof lifecycleStates)[number];

export interface NodeInfo {
  readonly nodeId: string;
  /** ws address other nodes and drivers reach it at (`ws://host:port`), or "" for none. */
  readonly address: string;
  readonly hostname: string;
  readonly pid: number;
  readonly resources: Readonly<Record<string, number>>;
  readonly state: "alive" | "dead";
  readonly startedAt: number;
  readonly lastHeartbeatAt: number;
  /**
   * What the tasks and actors running on it hold of `resources` now, written by the
   * head with each heartbeat round; read back as `{}` when never written.
   */
  readonly resourcesUsed?: Readonly<Record<string, number>>;
}

export interface JobInfo {
  readonly jobId: string;
  readonly namespace: string;
  readonly nodeId: string;
  readonly driverPid: number;
  readonly entrypoint: string;
  readonly state: "running" | "succeeded" | "failed" | "stopped";
  readonly startedAt: number;
  readonly endedAt?: number;
}

export interface ActorInfo {
  readonly actorId: string;
  readonly jobId: string;
  readonly className: string;
  /** Module URL or path that defines the class (workers import it). */
  readonly module: string;
  /** Object holding the encoded constructor arguments. */
  readonly ctorArgsRef?: string;
  readonly ownerId: string;
  readonly supervisorId?: string;
  readonly state: LifecycleState;
  readonly restarts: number;
  /** Most restarts allowed: a whole number, or `Infinity` for no limit. */
  readonly maxRestarts: number;
  readonly nodeId?: string;
  readonly pid?: number;
  readonly name?: string;
  readonly namespace: string;
  readonly lastError?: string;
  readonly updatedAt: number;
  /**
   * The spawn request as `@rayx/core` encodes it: what a head that resumes the session
   * after a crash rebuilds the actor from (with its call log).
   */
  readonly spawnSpec?: Uint8Array;
}

export interface TaskInfo {
  readonly taskId: string;
  readonly jobId: string;
  readonly functionName: string;
  readonly module: string;
  /** The encoded call as `@rayx/core` defines it (function, arguments as refs, options): lineage. */
  readonly spec: Uint8Array;
  /** Lineage: the objects this task read. */
  readonly argRefs: readonly string[];
  /** Lineage: the objects this task produced. */
  readonly resultRefs: readonly string[];
  readonly state: LifecycleState;
  readonly attempts: number;
  readonly maxRetries: number;
  readonly nodeId?: string;
  readonly pid?: number;
  readonly lastError?: string;
  readonly updatedAt: number;
}

export interface ObjectInfo {
  readonly objectId: string;
  readonly size: number;
  /** Node ids holding a copy. */
  readonly locations: readonly string[];
  readonly ownerId: string;
  /** Lineage: the task to run again when every copy is lost. */
  readonly producerTaskId?: string;
  readonly spilledUrl?: string;
  readonly createdAt: number;
}

/** A name registered for an actor; unique within its namespace. */
export interface NamedActor {
  readonly namespace: string;
  readonly name: string;
  readonly actorId: string;
}

/** A named-actor registration or release, as pushed to `names` subscribers. */
export interface NameChange {
  readonly entry: NamedActor;
  readonly registered: boolean;
}

export interface SupervisorChildInfo {
  readonly childId: string;
  readonly actorId?: string;
  readonly supervisorId?: string;
}

export interface SupervisorInfo {
  readonly supervisorId: string;
  readonly name?: string;
  readonly parentId?: string;
  readonly strategy: "one_for_one" | "one_for_all" | "rest_for_one";
  readonly intensity: number;
  readonly periodMs: number;
  /** The full spec as `@rayx/core` encodes it. */
  readonly spec: Uint8Array;
  /** In start order. */
  readonly children: readonly SupervisorChildInfo[];
  readonly state: LifecycleState;
  readonly updatedAt: number;
}

/** One timestamped lifecycle transition, for `rayx timeline` and `inspect`. */
export interface LifecycleEvent {
  readonly time: number;
  readonly subjectKind: "actor" | "task" | "node" | "job" | "supervisor";
  readonly subjectId: string;
  /** What happened, usually the state entered ("alive", "crashed"). */
  readonly type: string;
  readonly detail?: string;
  readonly nodeId?: string;
  readonly pid?: number;
}

/** A call the actor made to another actor or task while a logged call ran; replay returns `result`. */
export interface NestedCall {
  readonly target: string;
  readonly method: string;
  readonly result: Uint8Array;
  /** true when `result` holds the encoded error the call failed with. */
  readonly failed: boolean;
}

/** One logged call to a mutating method of an actor. */
export interface CallLogEntry {
  /** Position in the actor's log, from 1 up, assigned by the actor's owner. */
  readonly seq: number;
  readonly method: string;
  /** Encoded arguments (the encoding is the caller's). */
  readonly args: Uint8Array;
  /** Objects the arguments refer to (kept alive until compacted). */
  readonly argRefs: readonly string[];
  readonly nested: readonly NestedCall[];
  /** What the call returned (`ok`), kept so a redelivery of the call gets the same answer. */
  readonly completion?: { readonly ok: boolean; readonly result: Uint8Array };
  /** The caller's id of the call, the same on every delivery; absent for a call made without one. */
  readonly callId?: string;
}

/** A `CallLogEntry` as read back: with the hash of method+args computed at append. */
export interface LoggedCall extends CallLogEntry {
  readonly hash: number;
}

/** A call a span made while it ran: where a timeline flow arrow starts. */
export interface OutgoingCall {
  /** The callee's span id (the call's result object id). */
  readonly flowId: string;
  /** What was called: "Counter.increment", "square". */
  readonly name: string;
  /** When the call was made, µs since the epoch. */
  readonly atUs: number;
}

/**
 * One run of an actor method or a task, recorded by the process that ran it (or a
 * call a driver made outside of any, kind "driver"). Unlike the call log, which
 * exists for replay and goes with the actor, spans stay: `rayx history`, the
 * timeline and post-mortem inspection read them.
 */
export interface CallSpan {
  /** The call's result object id: the id callers' `OutgoingCall.flowId` names. */
  readonly spanId: string;
  readonly kind: "actor" | "task" | "driver";
  /** The actor id, the task id, or (kind "driver") the caller's job id. */
  readonly subjectId: string;
  /** "Counter.increment", "square". */
  readonly name: string;
  /** A short rendering of the decoded arguments, e.g. `increment(5)`. */
  readonly argsPreview: string;
  /** "ok", or the name of the error the call threw. */
  readonly outcome: string;
  /** The thrown error's message. */
  readonly error?: string;
  /** µs since the epoch (`performance.timeOrigin + performance.now()`, × 1000). */
  readonly startUs: number;
  readonly durationUs: number;
  readonly nodeId: string;
  readonly pid: number;
  readonly jobId: string;
  readonly calls: readonly OutgoingCall[];
}

/** An actor's latest snapshot: its state right after logged call `seq` (replay resumes at `seq + 1`). */
export interface Snapshot {
  readonly seq: number;
  readonly state: Uint8Array;
}
