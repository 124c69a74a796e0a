/**
 * The embedded node manager: the `ClusterClient` that `init()` installs in the driver,
 * and what a head runs. It owns the node — session dir, GCS, object store, worker
 * pool — and wires the managers that do the work: `NodeObjects` (objects),
 * `TaskScheduler` (tasks), `ActorManager` (actors under kernel supervisors),
 * `WorkerSlots` (workers and placement), `NodeMembership` (joined nodes) and the
 * node service a worker calls (`serveNodeCall`). It holds no state of its own
 * beyond the node's and the job's records.
 */
import { rm } from "node:fs/promises";
import type { Supervisor } from "@rayx/actors";
import type {
  ActorInfo,
  Gcs,
  JobInfo,
  NodeInfo,
  ObjectInfo,
  SupervisorInfo,
  TaskInfo,
} from "@rayx/gcs";
import { newObjectId } from "@rayx/objectstore";
import type { ObjectStore } from "@rayx/objectstore";
import type { WebSocket } from "ws";
import type {
  ActorAddress,
  ActorInfo as InspectedActor,
  ClusterClient,
  SpawnRequest,
  SupervisorOp,
  SupervisorRequest,
  TaskRequest,
  WaitResult,
} from "./clusterClient.js";
import { actorExitReason } from "./actorExit.js";
import { ActorManager } from "./actors/ActorManager.js";
import { ClusterResources } from "./ClusterResources.js";
import type { Frame } from "./Frame.js";
import { GcsObjectDirectory } from "./GcsObjectDirectory.js";
import type { SessionLineage } from "./head/SessionLineage.js";
import type { JobScope } from "./JobScope.js";
import { thisNodeId } from "./thisNodeId.js";
import { NodeMembership } from "./nodes/NodeMembership.js";
import { NodeRecord } from "./nodes/NodeRecord.js";
import { NODE_SERVICE_MODULE } from "./service/nodeService.js";
import type { NodeServiceOp } from "./service/nodeService.js";
import { NodeObjects } from "./objects/NodeObjects.js";
import { SpillWatch } from "./objects/SpillWatch.js";
import { ObjectPlacement } from "./ObjectPlacement.js";
import type { TransferOptions } from "./ObjectPlacement.js";
import type { ObjectTable } from "./ObjectTable.js";
import type { RefTracker } from "./refTracker.js";
import type { RemoteNode } from "./RemoteNode.js";
import { serveNodeCall } from "./service/serveNodeCall.js";
import { JobSupervisors } from "./supervision/JobSupervisors.js";
import { TaskScheduler } from "./tasks/TaskScheduler.js";
import { wallClock } from "./wallClock.js";
import type { WorkerExit, WorkerPool } from "./WorkerPool.js";
import { WorkerSources } from "./WorkerSources.js";
import { WorkerSlots } from "./workers/WorkerSlots.js";

export interface NodeManagerOptions {
  readonly pool: WorkerPool;
  readonly gcs: Gcs;
  readonly store: ObjectStore;
  readonly sessionDir: string;
  /** Remove the session dir at shutdown (it was made for this run). */
  readonly ownsSessionDir: boolean;
  readonly namespace: string;
  readonly resources: Readonly<Record<string, number>>;
}

const swallow = (): void => undefined;

export class NodeManager implements ClusterClient, RefTracker {
  readonly namespace: string;
  readonly nodeId = thisNodeId();
  readonly jobId = `job-${Date.now().toString(36)}-${process.pid}`;
  readonly resources: ClusterResources;
  readonly #options: NodeManagerOptions;
  readonly #gcs: Gcs;
  readonly #pool: WorkerSources;
  readonly #workers: WorkerSlots;
  readonly #objects: NodeObjects;
  readonly #tasks: TaskScheduler;
  readonly #actors: ActorManager;
  readonly #nodes: NodeMembership;
  readonly #jobs: JobSupervisors;
  readonly #record: NodeRecord;
  #shuttingDown: Promise<void> | undefined;
  /** The lineage of an earlier head of this session, when this one resumed it. */
  #inherited: SessionLineage | undefined;

  private constructor(options: NodeManagerOptions) {
    const { gcs, store } = options;
    this.#options = options;
    this.#gcs = gcs;
    this.namespace = options.namespace;
    const stopped = () => this.#shuttingDown !== undefined;
    const directory = new GcsObjectDirectory(gcs);
    const placement = new ObjectPlacement(
      this.nodeId,
      store,
      (storedId, nodeIds) => directory.relocate(storedId, nodeIds),
      (storedId, why) => this.objectsLost([storedId], why),
    );
    this.#pool = new WorkerSources(this.nodeId, options.pool, placement);
    this.resources = new ClusterResources(this.nodeId, options.resources);
    this.#workers = new WorkerSlots(this.#pool, this.resources, () => this.#tasks.dispatch());
    this.#objects = new NodeObjects({
      nodeId: this.nodeId,
      ownerId: this.jobId,
      store,
      placement,
      directory,
      spills: new SpillWatch(store, directory),
      clock: wallClock,
      lineage: {
        producerOf: (id) => this.#tasks.producerOf(id),
        forget: (id) => this.#tasks.forget(id),
        rerun: (id) => this.#tasks.rerun(id),
        recall: (id) =>
          this.#inherited?.recall(id, (task, resultId) => this.submitTask(task, resultId)) ?? false,
      },
    });
    const workers = this.#workers;
    this.#tasks = new TaskScheduler({
      objects: this.objects,
      gcs,
      resources: this.resources,
      nodeId: this.nodeId,
      jobId: this.jobId,
      clock: wallClock,
      leastBusy: (needs, near) =>
        (near === undefined ? undefined : workers.leastBusy("tasks", needs, near)) ??
        workers.leastBusy("tasks", needs),
      heaviest: (args) => placement.heaviest(args),
      request: (worker, frame) => workers.request(worker, frame),
      replaceWorker: (workerId) => workers.replace(workerId),
    });
    this.#actors = new ActorManager({
      nodeId: this.nodeId,
      namespace: this.namespace,
      jobId: this.jobId,
      gcs,
      objects: this.objects,
      workers,
      resources: this.resources,
      clock: wallClock,
      roots: () => this.#jobs.roots(),
      stopped,
      freed: () => this.#tasks.dispatch(),
    });
    this.#jobs = new JobSupervisors({
      gcs,
      nodeId: this.nodeId,
      jobId: this.jobId,
      namespace: this.namespace,
      actors: this.#actors,
      submitTask: (request, resultId, from, jobId) =>
        this.submitTask(request, resultId, from, jobId),
    });
    this.#record = new NodeRecord(gcs, this.nodeId, this.resources, Date.now());
    this.#nodes = new NodeMembership({
      headNodeId: this.nodeId,
      sessionDir: options.sessionDir,
      namespace: this.namespace,
      gcs,
      placement,
      resources: this.resources,
      sources: this.#pool,
      workers,
      lost: (storedIds, why) => this.objectsLost(storedIds, why),
      stopped,
    });
  }

  static async start(options: NodeManagerOptions): Promise<NodeManager> {
    const manager = new NodeManager(options);
    await manager.#start();
    return manager;
  }

  async #start(): Promise<void> {
    for (const info of this.#pool.workers()) this.#workers.add(info.workerId, info.pid);
    this.#pool.onFrame((workerId, frame) => this.#onFrame(workerId, frame));
    this.#pool.onExit((exit) => this.#onWorkerExit(exit));
    await Promise.all([this.#jobs.start(Date.now()), this.#record.write()]);
    this.#record.startHeartbeat();
  }

  get sessionDir(): string {
    return this.#options.sessionDir;
  }

  /** Takes on the lineage of the earlier head whose session this one resumed. */
  inherit(lineage: SessionLineage): void {
    this.#inherited = lineage;
  }

  /** Records the address this node's endpoint listens on in its GCS node record. */
  advertise(address: string): Promise<void> {
    return this.#record.advertise(address);
  }

  // ---- objects (NodeObjects) ---------------------------------------------------

  get objects(): ObjectTable {
    return this.#objects.table;
  }
  made(ref: object, objectId: string): void {
    this.#objects.made(ref, objectId);
  }
  storedOn(nodeId: string, storedId: string): void {
    this.#objects.storedOn(nodeId, storedId);
  }
  objectsLost(storedIds: readonly string[], why: string): void {
    this.#objects.lost(storedIds, why);
  }
  put(value: unknown): string {
    return this.#objects.put(value);
  }
  get(objectId: string, timeoutMs?: number, zeroCopy = false): Promise<unknown> {
    return this.#objects.get(objectId, timeoutMs, zeroCopy);
  }
  bringHome(objectId: string, timeoutMs?: number): Promise<void> {
    return this.#objects.bringHome(objectId, timeoutMs);
  }
  wait(objectIds: readonly string[], numReturns: number, timeoutMs?: number): Promise<WaitResult> {
    return this.#objects.wait(objectIds, numReturns, timeoutMs);
  }

  // ---- tasks (TaskScheduler) ---------------------------------------------------

  /** Queues a task (see `TaskScheduler.submit`), recorded under job `jobId` (default this node manager's). */
  submitTask(
    request: TaskRequest,
    resultId = newObjectId(),
    from?: string,
    jobId?: string,
  ): string {
    return this.#tasks.submit(request, resultId, from, jobId);
  }
  cancel(objectId: string, force: boolean): Promise<void> {
    return this.#tasks.cancel(objectId, force);
  }

  // ---- actors (ActorManager) ---------------------------------------------------

  /** Spawns an actor under `under` (by default the job's or cluster's root), recorded under job `jobId`. */
  spawn(request: SpawnRequest, under?: Supervisor, jobId = this.jobId): Promise<ActorAddress> {
    return this.#actors.spawn(request, under, jobId);
  }
  /** Rebuilds detached actor `actorId` of an earlier head of this session (see `ActorManager.restore`). */
  restore(request: SpawnRequest, actorId: string, restarts: number): Promise<void> {
    return this.#actors.restore(request, actorId, restarts);
  }
  callActor(actorId: string, method: string, args: readonly unknown[], resultId?: string): string {
    return this.#actors.callActor(actorId, method, args, resultId);
  }
  lookupActor(name: string, namespace?: string): Promise<ActorAddress> {
    return this.#actors.lookupActor(name, namespace);
  }
  kill(actorId: string, noRestart: boolean): Promise<void> {
    return this.#actors.kill(actorId, noRestart);
  }
  inspect(target: string): Promise<InspectedActor> {
    return this.#actors.inspect(target);
  }

  // ---- jobs and supervise() trees ----------------------------------------------

  /** Opens a driver's job (see `JobSupervisors.openJob`). */
  openJob(
    info: Omit<JobInfo, "nodeId" | "state" | "startedAt">,
    recorded = true,
  ): Promise<JobScope> {
    return this.#jobs.openJob(info, recorded);
  }
  supervise(request: SupervisorRequest): Promise<string> {
    return this.#jobs.supervise(request);
  }
  supervisorCall(supervisorId: string, operation: SupervisorOp): Promise<unknown> {
    return this.#jobs.supervisorCall(supervisorId, operation);
  }

  // ---- listings ----------------------------------------------------------------

  listActors(): Promise<readonly ActorInfo[]> {
    return this.#gcs.listActors();
  }
  /** Flushes this node's task records first (they are written behind: `TaskRecords`). */
  async listTasks(): Promise<readonly TaskInfo[]> {
    await this.#tasks.flushRecords();
    return this.#gcs.listTasks();
  }
  listObjects(): Promise<readonly ObjectInfo[]> {
    return this.#objects.list(() => this.#gcs.listObjects());
  }
  listNodes(): Promise<readonly NodeInfo[]> {
    return this.#gcs.listNodes();
  }
  listSupervisors(): Promise<readonly SupervisorInfo[]> {
    return this.#gcs.listSupervisors();
  }
  listJobs(): Promise<readonly JobInfo[]> {
    return this.#gcs.listJobs();
  }

  // ---- workers and joined nodes ----------------------------------------------

  /** Routes a worker's frame: replies settle its requests; the rest go to their manager. */
  #onFrame(workerId: string, frame: Frame): void {
    const worker = this.#workers.get(workerId);
    if (worker === undefined) return;
    if (frame.kind === "result" || frame.kind === "failure") worker.requests.settle(frame);
    else if (frame.kind === "exit") {
      this.#actors.exitedOn(worker, frame.subjectId, actorExitReason(frame));
    } else if (frame.kind === "blocked") this.#tasks.workerBlocked(worker, frame.blocked);
    else if (
      frame.kind === "call" &&
      frame.target.kind === "function" &&
      frame.target.function.module === NODE_SERVICE_MODULE
    ) {
      const op = frame.target.function.exportName as NodeServiceOp;
      const scope = { holder: workerId, node: worker.nodeId };
      void serveNodeCall(this, frame, op, scope).then((reply) => {
        this.#workers.tell(worker, reply);
      });
    }
  }

  #onWorkerExit(exit: WorkerExit): void {
    const gone = this.#workers.exited(exit);
    if (gone === undefined) return;
    this.#objects.workerGone(exit.workerId);
    this.#actors.workerDied(gone.worker, gone.error);
    if (this.#shuttingDown || exit.expected) return;
    if (gone.worker.dedicatedTo !== undefined) this.#workers.retireExited(exit.workerId);
    else void this.#workers.replace(exit.workerId);
  }

  /** Takes in a node joining over `socket` (see `NodeMembership.accept`). */
  acceptNode(socket: WebSocket, transfer: TransferOptions = {}): Promise<RemoteNode> {
    return this.#nodes.accept(socket, transfer);
  }
  /** The joined nodes that are connected now. */
  nodes(): readonly RemoteNode[] {
    return this.#nodes.list();
  }

  /** Stops every supervisor (actors first), then the pool; closes the stores. Idempotent. */
  shutdown(): Promise<void> {
    this.#shuttingDown ??= (async () => {
      this.#workers.wake();
      await this.#jobs.stop();
      await this.#pool.shutdown();
      await this.#tasks.flushRecords();
      await this.#record.stop();
      await this.#objects.close();
      await this.#gcs.close().catch(swallow);
      if (this.#options.ownsSessionDir) await rm(this.sessionDir, { recursive: true, force: true });
    })();
    return this.#shuttingDown;
  }
}
