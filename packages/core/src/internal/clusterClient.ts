/**
 * The seam between the public API and whatever runs the cluster. Every public
 * function (`spawn`, `task().remote`, `get`, …) talks to the `ClusterClient` set
 * here: in the driver, `init()` installs an embedded `NodeManager`; in a worker,
 * `WorkerClient` forwards to the node manager over the worker's channel, and a driver
 * joined to a head node uses the same client over ws. No public code reaches past
 * this interface.
 */
import type { ExportRef } from "./Frame.js";
import { RuntimeStateError } from "../errors.js";
import type {
  ActorInfo as ActorRecord,
  JobInfo,
  NodeInfo,
  ObjectInfo,
  SupervisorInfo,
  TaskInfo,
} from "@rayx/gcs";

/** What `inspect()` tells of an actor: its GCS record, plus its call log's extent. */
export interface ActorInfo extends ActorRecord {
  /** Logged calls kept (after compaction). */
  readonly logLength: number;
  /** The call seq of its latest snapshot, if it has one. */
  readonly snapshotSeq?: number;
}

/** What a handle knows of its actor: enough to call it from any process. */
export interface ActorAddress {
  readonly actorId: string;
  readonly className: string;
  /** Callable method names; a handle rejects other names at once. */
  readonly methods: readonly string[];
}

/** Options of one actor, as `spawn` resolved them. */
export interface SpawnRequest {
  readonly actorClass: ExportRef;
  readonly className: string;
  readonly methods: readonly string[];
  /** `@readonly` methods: not logged, and safe to run again after a crash. */
  readonly readonlyMethods: readonly string[];
  readonly args: readonly unknown[];
  readonly name?: string;
  readonly namespace?: string;
  readonly getIfExists: boolean;
  readonly detached: boolean;
  readonly maxRestarts: number;
  readonly maxTaskRetries: number;
  /** The actor's effective `snapshotEvery` (it bounds the calls in flight to it). */
  readonly snapshotEvery: number;
  /** The actor's effective `maxConcurrency`: its calls that may run at once. */
  readonly maxConcurrency: number;
  /**
   * The actor's effective mailbox: the head admits at most `capacity` of its calls
   * that have not started, and answers a call past that per `overflow`.
   */
  readonly mailbox: { readonly capacity: number; readonly overflow: "reject" | "backpressure" };
  /** Kernel options overriding the class's `@actor` options. */
  readonly overrides: Readonly<Record<string, unknown>>;
  readonly resources: Readonly<Record<string, number>>;
  readonly isolate: boolean;
}

/** One task submission. */
export interface TaskRequest {
  readonly function: ExportRef;
  readonly name: string;
  readonly args: readonly unknown[];
  readonly retries: number;
  readonly retryExceptions: boolean | readonly string[];
  readonly resources: Readonly<Record<string, number>>;
}

/** A `supervise()` spec with its actor classes resolved to spawn requests. */
export interface SupervisorRequest {
  readonly name?: string;
  readonly strategy?: "one_for_one" | "one_for_all" | "rest_for_one";
  readonly intensity?: number;
  readonly period?: number;
  readonly children: readonly SupervisedChildRequest[];
}

interface SupervisedChildBase {
  readonly id: string;
  readonly restart?: "permanent" | "transient" | "temporary";
  readonly shutdown?: number | "brutal_kill";
}

export type SupervisedChildRequest = SupervisedChildBase &
  ({ readonly actor: SpawnRequest } | { readonly supervisor: SupervisorRequest });

/** Operations on a running `supervise()` tree, by supervisor id. */
export type SupervisorOp =
  | { readonly op: "child"; readonly childId: string }
  | { readonly op: "children" }
  | { readonly op: "startChild"; readonly child: SupervisedChildRequest }
  | { readonly op: "terminateChild" | "restartChild" | "deleteChild"; readonly childId: string }
  | { readonly op: "stop" };

export interface WaitResult {
  readonly ready: readonly string[];
  readonly pending: readonly string[];
}

/** Plain records of the cluster, as the CLI prints them. */
export interface ClusterState {
  listActors(): Promise<readonly ActorRecord[]>;
  listTasks(): Promise<readonly TaskInfo[]>;
  listObjects(): Promise<readonly ObjectInfo[]>;
  listNodes(): Promise<readonly NodeInfo[]>;
  listSupervisors(): Promise<readonly SupervisorInfo[]>;
  listJobs(): Promise<readonly JobInfo[]>;
}

export interface ClusterClient extends ClusterState {
  readonly namespace: string;
  spawn(request: SpawnRequest): Promise<ActorAddress>;
  /** Sends a call; returns the id of the object its result becomes. Throws on unserializable args. */
  callActor(actorId: string, method: string, args: readonly unknown[]): string;
  /** Submits a task; returns the id of its result object at once. */
  submitTask(request: TaskRequest): string;
  /** Stores `value`; returns its object id at once (the write completes in the background). */
  put(value: unknown): string;
  /**
   * The value of an object, once it is ready (the caller's own copy; shared views of
   * large typed arrays with `zeroCopy`); rejects with the error that produced it.
   */
  get(objectId: string, timeoutMs?: number, zeroCopy?: boolean): Promise<unknown>;
  wait(objectIds: readonly string[], numReturns: number, timeoutMs?: number): Promise<WaitResult>;
  cancel(objectId: string, force: boolean): Promise<void>;
  lookupActor(name: string, namespace?: string): Promise<ActorAddress>;
  kill(actorId: string, noRestart: boolean): Promise<void>;
  inspect(target: string): Promise<ActorInfo>;
  /** Starts a supervision tree under the job's root; resolves its supervisor id. */
  supervise(request: SupervisorRequest): Promise<string>;
  supervisorCall(supervisorId: string, operation: SupervisorOp): Promise<unknown>;
}

let current: ClusterClient | undefined;

/** Installs (or with `undefined`, removes) the client of this process. */
export function setClusterClient(client: ClusterClient | undefined): void {
  current = client;
}

/** The client of this process; throws `RuntimeStateError` before `init()`. */
export function clusterClient(): ClusterClient {
  if (current === undefined) {
    throw new RuntimeStateError(
      "rayx is not initialised in this process: call `await init()` first " +
        "(in the driver; workers are initialised by the runtime)",
    );
  }
  return current;
}
