/**
 * The supervision roots of a node manager and the jobs they head: the manager's own
 * job (its root, its `supervise()` trees, its job record), the cluster's root for
 * detached actors, and the job of each driver that joins over ws (`openJob`). Every
 * actor child of these trees is started by the `ActorManager`.
 */
import type { Supervisor } from "@rayx/actors";
import type { Gcs, JobInfo } from "@rayx/gcs";
import type { ActorManager } from "../actors/ActorManager.js";
import type { SupervisorOp, SupervisorRequest, TaskRequest } from "../clusterClient.js";
import { JobScope } from "../JobScope.js";
import { SupervisionTrees } from "../SupervisionTrees.js";
import { startRootSupervisor } from "./startRootSupervisor.js";

export interface JobSupervisorsOptions {
  readonly gcs: Gcs;
  readonly nodeId: string;
  /** The node manager's own job. */
  readonly jobId: string;
  readonly namespace: string;
  readonly actors: ActorManager;
  /** Queues a task recorded under job `jobId` (`TaskScheduler.submit`). */
  readonly submitTask: (
    request: TaskRequest,
    resultId: string,
    from: string | undefined,
    jobId: string,
  ) => string;
}

const swallow = (): void => undefined;

export class JobSupervisors {
  readonly #options: JobSupervisorsOptions;
  #root!: Supervisor;
  #cluster!: Supervisor;
  #trees!: SupervisionTrees;

  constructor(options: JobSupervisorsOptions) {
    this.#options = options;
  }

  /** Starts both roots and records them and the manager's job; resolves once committed. */
  async start(startedAt: number): Promise<void> {
    const { gcs, jobId, nodeId } = this.#options;
    [this.#root, this.#cluster] = await Promise.all([
      startRootSupervisor(gcs, `${jobId}/root`, true),
      startRootSupervisor(gcs, `${nodeId}/cluster`, true),
      gcs.putJob(this.#job("running", startedAt)),
    ]);
    this.#trees = this.#treesUnder(this.#root, jobId);
  }

  /** The supervisors of actors spawned with none: the job's root, and the cluster's (detached). */
  roots(): { readonly job: Supervisor; readonly cluster: Supervisor } {
    return { job: this.#root, cluster: this.#cluster };
  }

  /** The node manager's own job record. */
  #job(state: JobInfo["state"], startedAt: number, endedAt?: number): JobInfo {
    return {
      jobId: this.#options.jobId,
      namespace: this.#options.namespace,
      nodeId: this.#options.nodeId,
      driverPid: process.pid,
      entrypoint: process.argv[1] ?? "",
      state,
      startedAt,
      ...(endedAt === undefined ? {} : { endedAt }),
    };
  }

  /**
   * Opens a driver's job: its own root supervisor and `supervise()` trees, recorded in
   * the GCS unless `recorded` is false (a tool's session: `DriverHello.job`).
   */
  async openJob(
    info: Omit<JobInfo, "nodeId" | "state" | "startedAt">,
    recorded: boolean,
  ): Promise<JobScope> {
    const { gcs, nodeId, actors } = this.#options;
    const job: JobInfo = { ...info, nodeId, state: "running", startedAt: Date.now() };
    const [root] = await Promise.all([
      startRootSupervisor(gcs, `${job.jobId}/root`, recorded),
      recorded ? gcs.putJob(job) : undefined,
    ]);
    const host = {
      gcs,
      spawn: (r: Parameters<ActorManager["spawn"]>[0], s?: Supervisor) =>
        actors.spawn(r, s, job.jobId),
      submitTask: (r: TaskRequest, id: string, from?: string) =>
        this.#options.submitTask(r, id, from, job.jobId),
      lookupActor: (name: string, namespace?: string) => actors.lookupActor(name, namespace),
    };
    return new JobScope(host, job, root, this.#treesUnder(root, job.jobId), recorded);
  }

  /** `supervise()` trees under `root`, their actors recorded under job `jobId`. */
  #treesUnder(root: Supervisor, jobId: string): SupervisionTrees {
    const actors = this.#options.actors;
    return new SupervisionTrees({
      root,
      gcs: this.#options.gcs,
      childStart: (request, path, childId, owner) =>
        actors.childStart(request, path, childId, owner, jobId),
      child: (path, childId) => actors.supervisedChild(path, childId),
    });
  }

  supervise(request: SupervisorRequest): Promise<string> {
    return this.#trees.supervise(request);
  }

  supervisorCall(supervisorId: string, operation: SupervisorOp): Promise<unknown> {
    return this.#trees.call(supervisorId, operation);
  }

  /** Stops the job's actors and the cluster's (roots first, so children stop in order), then records the job's end. */
  async stop(): Promise<void> {
    await this.#root.stop().catch(swallow);
    await this.#cluster.stop().catch(swallow);
    await this.#options.gcs.putJob(this.#job("succeeded", 0, Date.now())).catch(swallow);
  }
}
