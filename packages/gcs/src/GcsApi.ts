/**
 * The operations of the control store, one interface for both faces: `Gcs` (in
 * this process, on a `TableStore`) and `GcsClient` (over ws, to a `GcsServer`).
 * Code above the GCS depends on `GcsApi` and does not care which one it holds.
 */
import type {
  ActorInfo,
  CallLogEntry,
  CallSpan,
  JobInfo,
  LifecycleEvent,
  LoggedCall,
  NameChange,
  NamedActor,
  NodeInfo,
  ObjectInfo,
  Snapshot,
  SupervisorInfo,
  TaskInfo,
} from "./records.js";

/** A filter of `listEvents`; each unset field does not filter. */
export interface EventQuery {
  /** Events at or after this time (ms). */
  readonly since?: number;
  /** Events before this time (ms). */
  readonly until?: number;
  readonly subjectId?: string;
  /** At most this many, oldest first; defaults to 10,000. */
  readonly limit?: number;
}

/** A filter of `listSpans`; each unset field does not filter. */
export interface SpanQuery {
  /** Spans that started at or after this time (µs since the epoch). */
  readonly sinceUs?: number;
  /** Spans that started before this time (µs). */
  readonly untilUs?: number;
  /** One actor's calls, one task's runs, or one job's driver calls. */
  readonly subjectId?: string;
  /** At most this many, oldest first; defaults to 10,000. */
  readonly limit?: number;
}

/** The outcome of `claimName`: whose the name is, and whether this call registered it. */
export interface NameClaim {
  readonly actorId: string;
  readonly created: boolean;
}

/** What subscribers of each topic receive. */
export interface GcsTopics {
  /** Every write of an actor record (state changes, restarts, moves). */
  readonly actors: ActorInfo;
  /** Node joins (state "alive"), updates, and leaves (state "dead"). */
  readonly nodes: NodeInfo;
  /** Named-actor registrations and releases. */
  readonly names: NameChange;
}
export type GcsTopic = keyof GcsTopics;

/** An open subscription; `close` stops delivery. */
export interface Subscription {
  close(): Promise<void>;
}

/** Request/response operations (every one also available over ws). */
export interface GcsOperations {
  putNode(node: NodeInfo): Promise<void>;
  getNode(nodeId: string): Promise<NodeInfo | undefined>;
  listNodes(): Promise<readonly NodeInfo[]>;
  /** Marks the node dead (kept for history), telling `nodes` subscribers it left. */
  removeNode(nodeId: string): Promise<void>;

  putJob(job: JobInfo): Promise<void>;
  getJob(jobId: string): Promise<JobInfo | undefined>;
  listJobs(): Promise<readonly JobInfo[]>;

  putActor(actor: ActorInfo): Promise<void>;
  getActor(actorId: string): Promise<ActorInfo | undefined>;
  listActors(): Promise<readonly ActorInfo[]>;
  /** Forgets the actor's record, call log and snapshot. */
  removeActor(actorId: string): Promise<void>;

  putTask(task: TaskInfo): Promise<void>;
  getTask(taskId: string): Promise<TaskInfo | undefined>;
  listTasks(): Promise<readonly TaskInfo[]>;

  putObject(object: ObjectInfo): Promise<void>;
  getObject(objectId: string): Promise<ObjectInfo | undefined>;
  listObjects(): Promise<readonly ObjectInfo[]>;
  removeObject(objectId: string): Promise<void>;

  /**
   * Registers `name` in `namespace` for `actorId` unless it is taken, atomically
   * across every process: of two racing claims exactly one gets `created: true`,
   * and both learn the same winner.
   */
  claimName(namespace: string, name: string, actorId: string): Promise<NameClaim>;
  lookupName(namespace: string, name: string): Promise<string | undefined>;
  /** Releases the name if it is still `actorId`'s; resolves whether it was. */
  releaseName(namespace: string, name: string, actorId: string): Promise<boolean>;
  /** Names of one namespace, or of all when `namespace` is "". */
  listNames(namespace: string): Promise<readonly NamedActor[]>;

  putSupervisor(supervisor: SupervisorInfo): Promise<void>;
  getSupervisor(supervisorId: string): Promise<SupervisorInfo | undefined>;
  listSupervisors(): Promise<readonly SupervisorInfo[]>;

  appendEvent(event: LifecycleEvent): Promise<void>;
  /** Events in time order (ties in append order). */
  listEvents(query: EventQuery): Promise<readonly LifecycleEvent[]>;

  /** Records calls that ran (spans appended in one event turn commit together). */
  appendSpans(spans: readonly CallSpan[]): Promise<void>;
  /** Spans in start order (ties in append order). */
  listSpans(query: SpanQuery): Promise<readonly CallSpan[]>;

  /**
   * Appends one call to the actor's log; resolves once committed (then it survives
   * `kill -9`). Appends made in one event turn commit together. The actor's owner
   * assigns seqs; an append at an existing seq replaces that entry.
   */
  appendCall(actorId: string, entry: CallLogEntry): Promise<void>;
  /** Appends several calls in one commit. */
  appendCalls(actorId: string, entries: readonly CallLogEntry[]): Promise<void>;
  /** Up to `limit` entries with seq >= `fromSeq`, in seq order; fewer than `limit` at the end. */
  readCalls(actorId: string, fromSeq: number, limit: number): Promise<readonly LoggedCall[]>;
  /** The highest seq in the actor's log, or 0 when it is empty (or compacted away). */
  lastSeq(actorId: string): Promise<number>;
  /** Deletes the entries with seq <= `throughSeq`; resolves how many were deleted. */
  compactCalls(actorId: string, throughSeq: number): Promise<number>;
  /**
   * Keeps `snapshot` as the actor's latest (an older one than the kept one is
   * ignored), then compacts the log through `snapshot.seq`.
   */
  writeSnapshot(actorId: string, snapshot: Snapshot): Promise<void>;
  latestSnapshot(actorId: string): Promise<Snapshot | undefined>;
}

/**
 * Everything the control store offers: the operations plus subscriptions.
 *
 * @example
 * ```ts
 * async function markAlive(gcs: GcsApi, actor: ActorInfo) {
 *   await gcs.putActor({ ...actor, state: "alive", updatedAt: Date.now() });
 * }
 * ```
 */
export interface GcsApi extends GcsOperations {
  /** Delivers every later change of `topic` to `listener` until the subscription is closed. */
  subscribe<T extends GcsTopic>(
    topic: T,
    listener: (change: GcsTopics[T]) => void,
  ): Promise<Subscription>;
}
