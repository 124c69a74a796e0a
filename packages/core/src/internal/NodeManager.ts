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
import { hostname } from "node:os";
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
import { startHeadHeartbeat } from "./headHeartbeat.js";
import { JobScope } from "./JobScope.js";
import { nodeIdOf } from "./nodeIdOf.js";
import { NodeMembership } from "./nodes/NodeMembership.js";
import { NODE_SERVICE_MODULE } from "./nodeService.js";
import type { NodeServiceOp } from "./nodeService.js";
import { NodeObjects } from "./objects/NodeObjects.js";
import { SpillWatch } from "./objects/SpillWatch.js";
import { ObjectPlacement } from "./ObjectPlacement.js";
import type { TransferOptions } from "./ObjectPlacement.js";
import type { ObjectTable } from "./ObjectTable.js";
import type { RefTracker } from "./refTracker.js";
import type { RemoteNode } from "./RemoteNode.js";
import { serveNodeCall } from "./serveNodeCall.js";
import { SupervisionTrees } from "./SupervisionTrees.js";
import { startRootSupervisor } from "./supervision/startRootSupervisor.js";
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
  readonly nodeId = nodeIdOf(process.pid);
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
  #root!: Supervisor;
  #clusterRoot!: Supervisor;
  #trees!: SupervisionTrees;
  /** This node's GCS record as last written by `#start` or `advertise` (the heartbeat writes it). */
  #record!: NodeInfo;
  /** Stops the head's heartbeat rounds (`startHeadHeartbeat`). */
  #stopHeartbeat: () => Promise<void> = () => Promise.resolve();
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
      roots: () => ({ job: this.#root, cluster: this.#clusterRoot }),
      stopped,
      freed: () => this.#tasks.dispatch(),
    });
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
    const now = Date.now();
    this.#record = {
      nodeId: this.nodeId,
      address: "",
      hostname: hostname(),
      pid: process.pid,
      resources: this.resources.total,
      state: "alive",
      startedAt: now,
      lastHeartbeatAt: now,
    };
    [this.#root, this.#clusterRoot] = await Promise.all([
      startRootSupervisor(this.#gcs, `${this.jobId}/root`, true),
      startRootSupervisor(this.#gcs, `${this.nodeId}/cluster`, true),
      this.#gcs.putNode(this.#record),
      this.#gcs.putJob(this.#job("running", now)),
    ]);
    this.#trees = this.#treesUnder(this.#root, this.jobId);
    this.#stopHeartbeat = startHeadHeartbeat(
      this.#gcs,
      () => this.#record,
      () => this.resources.used(this.nodeId),
    );
  }

  /** This manager's own job record. */
  #job(state: JobInfo["state"], startedAt: number, endedAt?: number): JobInfo {
    return {
      jobId: this.jobId,
      namespace: this.namespace,
      nodeId: this.nodeId,
      driverPid: process.pid,
      entrypoint: process.argv[1] ?? "",
      state,
      startedAt,
      ...(endedAt === undefined ? {} : { endedAt }),
    };
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
    this.#record = { ...this.#record, address };
    return this.#gcs.putNode(this.#record);
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

  /**
   * Opens a driver's job: its own root supervisor and `supervise()` trees, recorded in
   * the GCS unless `recorded` is false (a tool's session: `DriverHello.job`).
   */
  async openJob(
    info: Omit<JobInfo, "nodeId" | "state" | "startedAt">,
    recorded = true,
  ): Promise<JobScope> {
    const job: JobInfo = { ...info, nodeId: this.nodeId, state: "running", startedAt: Date.now() };
    const [root] = await Promise.all([
      startRootSupervisor(this.#gcs, `${job.jobId}/root`, recorded),
      recorded ? this.#gcs.putJob(job) : undefined,
    ]);
    const host = {
      gcs: this.#gcs,
      spawn: (r: SpawnRequest, s?: Supervisor) => this.spawn(r, s, job.jobId),
      submitTask: (r: TaskRequest, id: string, from?: string) =>
        this.submitTask(r, id, from, job.jobId),
      lookupActor: (name: string, namespace?: string) => this.lookupActor(name, namespace),
    };
    return new JobScope(host, job, root, this.#treesUnder(root, job.jobId), recorded);
  }

  /** `supervise()` trees under `root`, their actors recorded under job `jobId`. */
  #treesUnder(root: Supervisor, jobId: string): SupervisionTrees {
    return new SupervisionTrees({
      root,
      gcs: this.#gcs,
      childStart: (request, path, childId, owner) =>
        this.#actors.childStart(request, path, childId, owner, jobId),
      child: (path, childId) => this.#actors.supervisedChild(path, childId),
    });
  }

  supervise(request: SupervisorRequest): Promise<string> {
    return this.#trees.supervise(request);
  }
  supervisorCall(supervisorId: string, operation: SupervisorOp): Promise<unknown> {
    return this.#trees.call(supervisorId, operation);
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
      await this.#root.stop().catch(swallow);
      await this.#clusterRoot.stop().catch(swallow);
      await this.#gcs.putJob(this.#job("succeeded", 0, Date.now())).catch(swallow);
      await this.#pool.shutdown();
      await this.#tasks.flushRecords();
      await this.#stopHeartbeat();
      await this.#objects.close();
      await this.#gcs.close().catch(swallow);
      if (this.#options.ownsSessionDir) await rm(this.sessionDir, { recursive: true, force: true });
    })();
    return this.#shuttingDown;
  }
}
