/**
 * One driver's job on a head node (issue 6): its own root supervisor, under which
 * the driver's non-detached actors and its `supervise()` trees run, recorded as a
 * job in the GCS; the names it gives and looks up are in its namespace. Ending the
 * job (the driver's `shutdown()`, or its connection dropping, even by `kill -9`)
 * stops that root and so all of them; detached actors live on under the cluster's root.
 */
import type { Supervisor } from "@rayx/actors";
import type { Gcs, JobInfo } from "@rayx/gcs";
import type {
  ActorAddress,
  SpawnRequest,
  SupervisorOp,
  SupervisorRequest,
  TaskRequest,
} from "./clusterClient.js";
import type { SupervisionTrees } from "./SupervisionTrees.js";

/** The operations whose supervisor or namespace depends on the job that asks (served by `serveNodeCall`). */
export interface JobOps {
  /** The job the caller's actors and tasks are recorded under. */
  readonly jobId: string;
  spawn(request: SpawnRequest): Promise<ActorAddress>;
  /** Queues a task (`from`: the submitter's node) recorded under this job; returns its result id. */
  submitTask(request: TaskRequest, resultId: string, from?: string): string;
  lookupActor(name: string, namespace?: string): Promise<ActorAddress>;
  supervise(request: SupervisorRequest): Promise<string>;
  supervisorCall(supervisorId: string, operation: SupervisorOp): Promise<unknown>;
}

/** What a job needs of its node manager. */
export interface JobHost {
  readonly gcs: Gcs;
  spawn(request: SpawnRequest, under?: Supervisor): Promise<ActorAddress>;
  submitTask(request: TaskRequest, resultId: string, from?: string): string;
  lookupActor(name: string, namespace?: string): Promise<ActorAddress>;
}

export class JobScope implements JobOps {
  readonly #host: JobHost;
  readonly #root: Supervisor;
  readonly #trees: SupervisionTrees;
  readonly #recorded: boolean;
  #ended: Promise<void> | undefined;

  constructor(
    host: JobHost,
    readonly info: JobInfo,
    root: Supervisor,
    trees: SupervisionTrees,
    /** False for a tool's session: no job record is written, at its start or its end. */
    recorded = true,
  ) {
    this.#recorded = recorded;
    this.#host = host;
    this.#root = root;
    this.#trees = trees;
  }

  get jobId(): string {
    return this.info.jobId;
  }

  /** Spawns under the job's root (the cluster's when detached), named in the job's namespace by default. */
  spawn(request: SpawnRequest): Promise<ActorAddress> {
    const named = { ...request, namespace: request.namespace ?? this.info.namespace };
    return this.#host.spawn(named, request.detached ? undefined : this.#root);
  }

  submitTask(request: TaskRequest, resultId: string, from?: string): string {
    return this.#host.submitTask(request, resultId, from);
  }

  lookupActor(name: string, namespace?: string): Promise<ActorAddress> {
    return this.#host.lookupActor(name, namespace ?? this.info.namespace);
  }

  supervise(request: SupervisorRequest): Promise<string> {
    return this.#trees.supervise(request);
  }

  supervisorCall(supervisorId: string, operation: SupervisorOp): Promise<unknown> {
    return this.#trees.call(supervisorId, operation);
  }

  /** Stops the job's actors and trees and records how it ended. Idempotent. */
  end(state: Exclude<JobInfo["state"], "running">): Promise<void> {
    this.#ended ??= (async () => {
      await this.#root.stop().catch(() => undefined);
      if (!this.#recorded) return;
      await this.#host.gcs
        .putJob({ ...this.info, state, endedAt: Date.now() })
        .catch(() => undefined);
    })();
    return this.#ended;
  }
}
