/**
 * The embedded node manager: the `ClusterClient` that `init()` installs in the driver.
 * It owns the node — session dir, GCS, object store, worker pool — schedules tasks on
 * workers by resources, routes actor calls to the worker hosting the actor, and runs
 * the supervisors: every actor is a `RemoteActor` child of a kernel `Supervisor`
 * (the job's root, the cluster's for detached actors, or a `supervise()` tree), so a
 * crash or a worker's death rebuilds the actor on a live worker from its call log.
 * Calls made while an actor is down wait and then run in order.
 */
import { rm } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { ActorDiedError, Supervisor } from "@rayx/actors";
import type { ExitReason, LifecycleState, Process, SupervisorSpec } from "@rayx/actors";
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
import {
  ActorNameTakenError,
  ActorNotFoundError,
  InvalidArgumentError,
  TaskError,
  WorkerDiedError,
  WorkerStartError,
} from "../errors.js";
import { ObjectRef } from "../ObjectRef.js";
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
import { actorExitFrame, actorExitReason } from "./actorExit.js";
import type { Frame, ResultValue } from "./Frame.js";
import { thisNodeId } from "./thisNodeId.js";
import { SpillWatch } from "./objects/SpillWatch.js";
import { NODE_SERVICE_MODULE } from "./nodeService.js";
import type { NodeServiceOp } from "./nodeService.js";
import { serveNodeCall } from "./serveNodeCall.js";
import { GcsObjectDirectory } from "./GcsObjectDirectory.js";
import { GcsCallLog } from "./GcsCallLog.js";
import { ObjectTable } from "./ObjectTable.js";
import { RemoteActor, exitedProcess } from "./RemoteActor.js";
import type { RefTracker } from "./refTracker.js";
import { RequestTable } from "./RequestTable.js";
import { ActorResources } from "./actors/ActorResources.js";
import { ClusterResources } from "./ClusterResources.js";
import type { Resources } from "./ResourcePool.js";
import { TaskScheduler } from "./TaskScheduler.js";
import type { DistributiveOmit } from "./TaskScheduler.js";
import type { WorkerSlot } from "./WorkerSlot.js";
import { SupervisionTrees } from "./SupervisionTrees.js";
import { JobScope } from "./JobScope.js";
import { recordSupervisor } from "./recordSupervisor.js";
import type { SupervisorRecord } from "./recordSupervisor.js";
import type { SpawnPayload } from "./ActorHost.js";
import { encodeValue } from "./wireCodec.js";
import type { WorkerExit, WorkerPool } from "./WorkerPool.js";
import { WorkerSources } from "./WorkerSources.js";
import { startHeadHeartbeat } from "./headHeartbeat.js";
import { spawnSpecOf } from "./head/spawnSpec.js";
import type { SessionLineage } from "./head/SessionLineage.js";
import { reconnectWithinMs } from "./nodes/reconnect.js";
import { ObjectPlacement } from "./ObjectPlacement.js";
import type { TransferOptions } from "./ObjectPlacement.js";
import { RemoteNode } from "./RemoteNode.js";
import { retryOnWorkerDeath } from "./actors/retryOnWorkerDeath.js";
import {
  deliveryOf,
  inflightWindow,
  notAppliedError,
  outcomeUnknownError,
  redeliveredIds,
} from "./actors/callDelivery.js";
import type { WebSocket } from "ws";

interface PendingCall {
  readonly resultId: string;
  readonly method: string;
  bytes: Uint8Array | undefined;
  attempts: number;
  /** Its incarnation died under it: no reply will come. */
  lost: boolean;
}

interface ActorEntry {
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

/** The job's root supervisor must outlast any burst of actor crashes: each actor has its own budget (`maxRestarts`). */
const ROOT_SPEC: SupervisorSpec = { strategy: "one_for_one", intensity: 1_000_000, period: 1 };
/** A root supervisor's record in the GCS (its actors name it as their supervisor). */
const ROOT_RECORD: SupervisorRecord = {
  strategy: "one_for_one",
  intensity: 1_000_000,
  periodMs: 1,
  spec: new Uint8Array(0),
  children: [],
};

const swallow = (): void => undefined;

export class NodeManager implements ClusterClient, RefTracker {
  readonly namespace: string;
  readonly nodeId = thisNodeId();
  readonly jobId = `job-${Date.now().toString(36)}-${process.pid}`;
  readonly objects: ObjectTable;
  readonly #options: NodeManagerOptions;
  readonly #pool: WorkerSources;
  readonly #nodes = new Set<RemoteNode>();
  readonly #placement: ObjectPlacement;
  #nodesJoined = 0;
  /** Stops the head's heartbeat rounds (`startHeadHeartbeat`). */
  #stopHeartbeat: () => Promise<void> = () => Promise.resolve();
  /** This node's GCS record as last written by `#start` or `advertise` (the heartbeat writes it). */
  #record!: NodeInfo;
  readonly #gcs: Gcs;
  readonly #workers = new Map<string, WorkerSlot>();
  readonly #workerWaiters: (() => void)[] = [];
  readonly #actors = new Map<string, ActorEntry>();
  readonly resources: ClusterResources;
  readonly #actorResources: ActorResources;
  readonly #tasks: TaskScheduler;
  #trees!: SupervisionTrees;
  /** Actor ids of supervised children, by `<supervisor id>/<child id>`. */
  readonly #supervised = new Map<string, string>();
  #root!: Supervisor;
  #clusterRoot!: Supervisor;
  #nextCall = 1;
  #nextActor = 1;
  #shuttingDown: Promise<void> | undefined;
  /** Each live `ObjectRef` of this process holds its object (see `ObjectTable.refs`). */
  readonly #refs = new FinalizationRegistry<string>((id) => this.objects.refs.release(id));
  readonly #directory: GcsObjectDirectory;
  /** The lineage of an earlier head of this session, when this one resumed it. */
  #inherited: SessionLineage | undefined;
  readonly #spills: SpillWatch;

  private constructor(options: NodeManagerOptions) {
    this.#options = options;
    this.#directory = new GcsObjectDirectory(options.gcs);
    this.#spills = new SpillWatch(options.store, this.#directory);
    this.#placement = new ObjectPlacement(
      this.nodeId,
      options.store,
      (storedId, nodeIds) => this.#directory.relocate(storedId, nodeIds),
      (storedId, why) => this.objectsLost([storedId], why),
    );
    this.#pool = new WorkerSources(this.nodeId, options.pool, this.#placement);
    this.#gcs = options.gcs;
    this.namespace = options.namespace;
    this.objects = new ObjectTable(options.store, {
      stored: (id, storedId) => this.#recordObject(id, storedId),
      unstored: (storedId) => {
        this.#directory.remove(storedId);
        this.#placement.forget(storedId);
      },
      freed: (id) => this.#tasks.forget(id),
      rebuild: (id) => this.#tasks.rerun(id),
      elsewhere: (storedId) => this.#placement.elsewhere(storedId),
      recall: (id) =>
        this.#inherited?.recall(id, (task, resultId) => this.submitTask(task, resultId)) ?? false,
    });
    this.resources = new ClusterResources(this.nodeId, options.resources);
    this.#actorResources = new ActorResources(this.resources, {
      here: this.nodeId,
      shared: (needs) => this.#leastBusy("actors", needs)?.nodeId,
      changed: () => this.#placesChanged(),
      stopped: () => this.#shuttingDown !== undefined,
    });
    this.#tasks = new TaskScheduler({
      objects: this.objects,
      gcs: options.gcs,
      resources: this.resources,
      nodeId: this.nodeId,
      jobId: this.jobId,
      leastBusy: (needs, near) =>
        (near === undefined ? undefined : this.#leastBusy("tasks", needs, near)) ??
        this.#leastBusy("tasks", needs),
      heaviest: (args) => this.#placement.heaviest(args),
      request: (worker, frame) => this.#request(worker, frame),
      replaceWorker: (workerId) => this.#replaceWorker(workerId),
    });
  }

  static async start(options: NodeManagerOptions): Promise<NodeManager> {
    const manager = new NodeManager(options);
    await manager.#start();
    return manager;
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

  async #start(): Promise<void> {
    for (const info of this.#pool.workers()) this.#addWorker(info.workerId, info.pid);
    this.#pool.onFrame((workerId, frame) => this.#onFrame(workerId, frame));
    this.#pool.onExit((exit) => this.#onWorkerExit(exit));
    this.#root = await Supervisor.start(ROOT_SPEC, { id: `${this.jobId}/root` });
    this.#clusterRoot = await Supervisor.start(ROOT_SPEC, { id: `${this.nodeId}/cluster` });
    this.#trees = this.#treesUnder(this.#root, this.jobId);
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
    const job: JobInfo = {
      jobId: this.jobId,
      namespace: this.namespace,
      nodeId: this.nodeId,
      driverPid: process.pid,
      entrypoint: process.argv[1] ?? "",
      state: "running",
      startedAt: now,
    };
    await Promise.all([
      this.#gcs.putNode(this.#record),
      this.#gcs.putJob(job),
      recordSupervisor(this.#gcs, this.#root, ROOT_RECORD),
      recordSupervisor(this.#gcs, this.#clusterRoot, ROOT_RECORD),
    ]);
    this.#stopHeartbeat = startHeadHeartbeat(
      this.#gcs,
      () => this.#record,
      () => this.resources.used(this.nodeId),
    );
  }

  // ---- objects -------------------------------------------------------------

  made(ref: object, objectId: string): void {
    this.objects.refs.hold(objectId);
    this.#refs.register(ref, objectId);
  }

  /** The GCS objects table's record of a stored object (what `listObjects` and the CLI read). */
  #recordObject(id: string, storedId: string): void {
    const remote = this.#placement.located(storedId);
    let size = remote?.size ?? 0;
    try {
      if (remote === undefined) size = this.objects.store.size(storedId);
    } catch {
      return; // freed already
    }
    const producerTaskId = this.#tasks.producerOf(id);
    this.#directory.record({
      objectId: storedId,
      size,
      locations: this.#placement.holders(storedId),
      ownerId: this.jobId,
      ...(producerTaskId === undefined ? {} : { producerTaskId }),
      createdAt: Date.now(),
    });
  }

  /** Object-store object `storedId` was written on node `nodeId` (a worker's `put` there). */
  storedOn(nodeId: string, storedId: string): void {
    this.#placement.stored(storedId, nodeId);
  }

  /** A worker's refs, and its holds and pins in the object store, go with it. */
  #objectsOfWorkerGone(workerId: string): void {
    this.objects.refs.processGone(workerId);
    this.objects.store.sweepDeadHolders().catch(swallow);
  }

  /**
   * Object-store objects whose bytes are gone (their only node died): each is rebuilt
   * from its lineage (its task runs again), or its `get`s fail with `ObjectLostError`.
   */
  objectsLost(storedIds: readonly string[], why: string): void {
    for (const storedId of storedIds) this.objects.lost(this.objects.objectOf(storedId), why);
  }

  put(value: unknown): string {
    const id = newObjectId();
    this.objects.put(id, value);
    return id;
  }

  async get(objectId: string, timeoutMs?: number, zeroCopy = false): Promise<unknown> {
    // The get holds the object until it has read it: the caller's ref may be collected meanwhile.
    this.objects.refs.hold(objectId);
    try {
      await this.bringHome(objectId, timeoutMs);
      return await this.objects.value(objectId, timeoutMs, zeroCopy);
    } finally {
      this.objects.refs.release(objectId);
    }
  }

  /**
   * Waits for object `objectId` and, when its bytes are in another node's store, pulls
   * them into this node's (where the driver reads them). One that cannot be pulled is
   * lost: once rebuilt from its lineage its new copy is pulled, else `objects.value`
   * fails it as lost.
   */
  async bringHome(objectId: string, timeoutMs?: number): Promise<void> {
    for (;;) {
      const outcome = await this.objects.outcome(objectId, timeoutMs);
      if (outcome.kind !== "stored") return;
      const pulled = await this.#placement.bring(this.nodeId, outcome.objectId).then(
        () => true,
        () => false,
      );
      if (pulled || this.objects.isSettled(objectId)) return;
    }
  }

  async wait(
    objectIds: readonly string[],
    numReturns: number,
    timeoutMs?: number,
  ): Promise<WaitResult> {
    if (!Number.isInteger(numReturns) || numReturns < 0 || numReturns > objectIds.length) {
      throw new InvalidArgumentError(
        `wait: numReturns must be a whole number between 0 and the number of refs (${objectIds.length}), not ${numReturns}`,
      );
    }
    // One pass to count, one waiter per pending ref, one pass to split: O(n) overall.
    const pendingIds = objectIds.filter((id) => !this.objects.isSettled(id));
    let ready = objectIds.length - pendingIds.length;
    if (ready < numReturns) {
      const stops: (() => void)[] = [];
      await new Promise<void>((resolve) => {
        const timer = timeoutMs === undefined ? undefined : setTimeout(resolve, timeoutMs);
        const check = () => {
          if (++ready !== numReturns) return;
          if (timer !== undefined) clearTimeout(timer);
          resolve();
        };
        for (const id of pendingIds) stops.push(this.objects.onSettled(id, check));
      });
      for (const stop of stops) stop(); // no listener outlives the wait
    }
    const readyIds: string[] = [];
    const pending: string[] = [];
    for (const id of objectIds) {
      if (readyIds.length < numReturns && this.objects.isSettled(id)) readyIds.push(id);
      else pending.push(id);
    }
    return { ready: readyIds, pending };
  }

  // ---- tasks ---------------------------------------------------------------

  /** `from`: the node of the worker that submitted it, where it runs when that node can (bottom-up). */
  /** Queues a task (see `TaskScheduler.submit`), recorded under job `jobId` (default this node manager's). */
  submitTask(
    request: TaskRequest,
    resultId: string = newObjectId(),
    from?: string,
    jobId?: string,
  ): string {
    return this.#tasks.submit(request, resultId, from, jobId);
  }

  cancel(objectId: string, force: boolean): Promise<void> {
    return this.#tasks.cancel(objectId, force);
  }

  // ---- actors --------------------------------------------------------------

  /** Spawns an actor under `under` (by default the job's or cluster's root), recorded under job `jobId`. */
  async spawn(
    request: SpawnRequest,
    under?: Supervisor,
    jobId = this.jobId,
  ): Promise<ActorAddress> {
    this.resources.checkFeasible(`actor ${request.className}`, request.resources);
    const namespace = request.namespace ?? this.namespace;
    const actorId = this.#newActorId(request);
    const address = { actorId, className: request.className, methods: request.methods };
    if (request.name !== undefined) {
      const claim = await this.#gcs.claimName(namespace, request.name, actorId);
      if (!claim.created) {
        const existing = this.#actors.get(claim.actorId);
        if (existing !== undefined && ended(existing)) {
          await this.#gcs.releaseName(namespace, request.name, claim.actorId);
          return this.spawn(request, under, jobId);
        }
        if (request.getIfExists) return this.#address(claim.actorId);
        throw new ActorNameTakenError(request.name, namespace, claim.actorId);
      }
    }
    const supervisor = under ?? (request.detached ? this.#clusterRoot : this.#root);
    const entry = this.#newEntry(request, actorId, jobId, actorId, supervisor.id, () =>
      Promise.resolve(supervisor),
    );
    try {
      // Before its supervisor starts it: a spawn waiting for resources holds up no other.
      await this.#actorResources.hold(
        entry.actorId,
        entry.request,
        () => void this.#recordActor(entry),
      );
      await this.#startChild(supervisor, entry);
    } catch (error) {
      this.#actors.delete(actorId);
      this.#actorResources.release(actorId, request.resources);
      if (request.name !== undefined) await this.#gcs.releaseName(namespace, request.name, actorId);
      const cause =
        (error as Error).cause instanceof Error
          ? ((error as Error).cause as Error)
          : (error as Error);
      throw new TaskError(`starting actor ${request.className}`, cause);
    }
    return address;
  }

  /** Starts `entry` as a transient child of `supervisor` (its later starts are restarts). */
  #startChild(supervisor: Supervisor, entry: ActorEntry): Promise<Process> {
    let restart = false;
    return supervisor.startChild({
      id: entry.childId,
      restart: "transient",
      shutdown: 5_000,
      start: () => {
        const incarnation = this.#startIncarnation(entry, restart);
        restart = true;
        return incarnation;
      },
    });
  }

  /**
   * Rebuilds detached actor `actorId` of an earlier head of this session under the
   * cluster's root: started anew, its state replayed from its call log. The head's
   * crash was not the actor's: it keeps its count of `restarts`, and no more is spent.
   */
  async restore(request: SpawnRequest, actorId: string, restarts: number): Promise<void> {
    const root = this.#clusterRoot;
    const entry = this.#newEntry(request, actorId, this.jobId, actorId, root.id, () =>
      Promise.resolve(root),
    );
    entry.restarts = restarts;
    const start = async () => {
      await this.#actorResources.hold(actorId, request, () => void this.#recordActor(entry));
      await this.#startChild(root, entry);
    };
    if (!canEver(this.resources, request.resources)) {
      // Its resources are a joined node's that has not rejoined yet: its calls wait meanwhile.
      void this.#feasibleWithin(
        `actor ${request.className}`,
        request.resources,
        reconnectWithinMs(),
      )
        .then(start)
        .catch((error: unknown) => {
          this.#actorResources.release(actorId, request.resources);
          this.#markDead(entry, `its rebuild failed: ${(error as Error).message}`);
        });
      return;
    }
    try {
      await start();
    } catch (error) {
      this.#actors.delete(actorId);
      this.#actorResources.release(actorId, request.resources);
      throw error;
    }
  }

  /** Resolves once a node that could ever give `needs` is here; rejects after `withinMs`. */
  async #feasibleWithin(what: string, needs: Resources, withinMs: number): Promise<void> {
    const deadline = Date.now() + withinMs;
    while (!canEver(this.resources, needs)) {
      if (Date.now() >= deadline || this.#shuttingDown) this.resources.checkFeasible(what, needs);
      await new Promise<void>((resolve) => {
        setTimeout(resolve, deadline - Date.now()).unref();
        this.#workerWaiters.push(resolve);
      });
    }
  }

  #newEntry(
    request: SpawnRequest,
    actorId: string,
    jobId: string,
    childId: string,
    supervisorId: string,
    owner: () => Promise<Supervisor>,
  ): ActorEntry {
    const entry: ActorEntry = {
      request,
      actorId,
      jobId,
      namespace: request.namespace ?? this.namespace,
      ctorArgs: encodeValue(request.args, "args"),
      state: "pending",
      restarts: 0,
      worker: undefined,
      incarnation: undefined,
      ownWorker: undefined,
      lastError: undefined,
      supervisorId,
      owner,
      childId,
      waiting: [],
      inflight: new Map(),
      deathError: undefined,
    };
    this.#actors.set(actorId, entry);
    return entry;
  }

  /** Starts (or restarts) one incarnation of an actor on a live worker. */
  async #startIncarnation(entry: ActorEntry, restart: boolean): Promise<Process> {
    if (restart) {
      if (ended(entry)) return exitedProcess(entry.actorId);
      if (entry.restarts >= entry.request.maxRestarts) {
        this.#markDead(
          entry,
          `restarts exhausted (${entry.restarts} of maxRestarts ${entry.request.maxRestarts})`,
        );
        return exitedProcess(entry.actorId);
      }
      entry.restarts++;
      entry.state = "restarting";
    }
    const readonlyMethods = new Set(entry.request.readonlyMethods);
    const payload: SpawnPayload = {
      ctorArgs: entry.ctorArgs,
      className: entry.request.className,
      methods: entry.request.methods,
      overrides: entry.request.overrides,
      restart,
      ...(entry.request.name === undefined ? {} : { name: entry.request.name }),
      redelivered: redeliveredIds(entry.inflight.values(), readonlyMethods),
    };
    const startOn = async (worker: WorkerSlot) => {
      await this.#request(worker, {
        kind: "spawnActor",
        actorId: entry.actorId,
        actorClass: entry.request.actorClass,
        args: encodeValue(payload),
        argRefs: [],
        ...(entry.request.name === undefined ? {} : { name: entry.request.name }),
      });
      return worker;
    };
    let worker: WorkerSlot;
    try {
      worker = await retryOnWorkerDeath(
        async () => startOn(await this.#pickActorWorker(entry)),
        () => this.#shuttingDown !== undefined,
        () => this.#placesChanged(),
      );
    } catch (error) {
      // Its resources left with their node, or a rebuild failed for a reason of its own
      // (replay diverged, constructor threw): it fails again, dead (do not hold up its supervisor).
      const passing = error instanceof WorkerDiedError || error instanceof WorkerStartError;
      if (restart && !passing) {
        this.#markDead(entry, `its rebuild failed: ${(error as Error).message}`);
        return exitedProcess(entry.actorId);
      }
      if (!restart) this.#actorResources.release(entry.actorId, entry.request.resources);
      throw error;
    }
    const remote = new RemoteActor(entry.actorId, worker.workerId, (reason) =>
      this.#signalActor(worker, entry.actorId, reason),
    );
    entry.incarnation = remote;
    entry.worker = worker;
    // Calls that were in flight when the previous incarnation died go again first, in order
    // (taken before it is alive: a call sent to this incarnation is not among them); the
    // rebuild answers those it applied from its log, and those out of retries as probes.
    const lost = [...entry.inflight.values()];
    entry.inflight.clear();
    for (const call of lost) {
      call.lost = false;
      // A @readonly call changes nothing, so running it again is always safe.
      if (!readonlyMethods.has(call.method)) call.attempts++;
    }
    entry.waiting.unshift(...lost);
    entry.state = "alive";
    worker.actors.add(entry.actorId);
    await this.#recordActor(entry);
    this.#pump(entry);
    return remote;
  }

  #signalActor(worker: WorkerSlot, actorId: string, reason: ExitReason): void {
    const frame = actorExitFrame(actorId, reason);
    try {
      this.#pool.send(worker.workerId, frame);
    } catch {
      // The worker is gone; its death reaches the actor's monitors.
    }
  }

  callActor(actorId: string, method: string, args: readonly unknown[], resultId?: string): string {
    const entry = this.#actors.get(actorId);
    const hasRefs = args.some((arg) => arg instanceof ObjectRef);
    const argRefs: string[] = [];
    const bytes = encodeValue(args, "args", argRefs);
    const id = resultId ?? newObjectId();
    this.objects.create(id, argRefs); // a queued call holds its arguments until it ran
    if (entry === undefined || ended(entry)) {
      this.objects.settle(id, {
        kind: "error",
        error:
          entry?.deathError ??
          new ActorDiedError(actorId, { error: new Error("no such actor on this node") }),
      });
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
      void this.objects.resolveRefs(args).then(
        (resolved) => {
          call.bytes = encodeValue(resolved, "args");
          this.#pump(entry);
        },
        (error: unknown) => {
          entry.waiting.splice(entry.waiting.indexOf(call), 1);
          this.objects.settle(id, { kind: "error", error: error as Error });
          this.#pump(entry);
        },
      );
    } else {
      this.#pump(entry);
    }
    return id;
  }

  /** Sends waiting calls to the live incarnation, in order, up to the first whose arguments are not ready. */
  #pump(entry: ActorEntry): void {
    const worker = entry.worker;
    if (entry.state !== "alive" || worker === undefined) return;
    const window = inflightWindow(entry.request.snapshotEvery);
    while (
      entry.waiting.length > 0 &&
      entry.inflight.size < window &&
      (entry.waiting[0] as PendingCall).bytes !== undefined
    ) {
      const call = entry.waiting.shift() as PendingCall;
      const no = this.#nextCall++;
      entry.inflight.set(no, call);
      const delivery = deliveryOf(call, entry.request.maxTaskRetries);
      this.#request(worker, {
        kind: "call",
        target: { kind: "actor", actorId: entry.actorId },
        method: call.method,
        args: call.bytes as Uint8Array,
        argRefs: [],
        spanId: call.resultId,
        callId: call.resultId,
        ...(delivery === undefined ? {} : { delivery }),
      }).then(
        (value) => {
          entry.inflight.delete(no);
          this.objects.settle(
            call.resultId,
            value.kind === "objectRef" ? { kind: "stored", objectId: value.objectId } : value,
          );
          this.#pump(entry);
        },
        (error: unknown) => {
          // The actor died under the call: it stays in flight until the rebuild (redelivery) or its end.
          if (error instanceof WorkerDiedError || (error as Error).name === "ActorDiedError") {
            call.lost = true;
            if (entry.deathError !== undefined) {
              entry.inflight.delete(no);
              this.objects.settle(call.resultId, {
                kind: "error",
                error: this.#lostError(entry, call),
              });
            }
            return;
          }
          entry.inflight.delete(no);
          const name = (error as Error).name;
          this.objects.settle(call.resultId, {
            kind: "error",
            error:
              name === "CallNotAppliedError"
                ? notAppliedError(entry.actorId, entry.lastError)
                : name === "CallOutcomeUnknownError"
                  ? (error as Error)
                  : new TaskError(`${entry.request.className}.${call.method}`, error as Error),
          });
          this.#pump(entry);
        },
      );
    }
  }

  /** What the caller of `call`, lost with `entry`'s incarnation, gets once the actor has ended. */
  #lostError(entry: ActorEntry, call: PendingCall): Error {
    const why = entry.deathError?.message ?? entry.lastError ?? "it ended";
    return outcomeUnknownError(entry.actorId, entry.request.className, call, why);
  }

  #actorExited(entry: ActorEntry, reason: ExitReason): void {
    const incarnation = entry.incarnation;
    if (incarnation === undefined) return;
    entry.incarnation = undefined;
    const host = entry.worker;
    // Its own process outlives an exit it reported itself (its requests still answer):
    // the restart runs there; one that died, or an actor that ended, gets none.
    if (host?.dedicatedTo === entry.actorId && this.#workers.get(host.workerId) === host) {
      entry.ownWorker = host;
      if (ended(entry)) this.#retireOwnWorker(entry);
    }
    entry.worker?.actors.delete(entry.actorId);
    entry.worker = undefined;
    if (typeof reason === "object") {
      const error = reason.error as Error;
      entry.lastError = `${error.name}: ${error.message}`;
      entry.state = "crashed";
    } else {
      entry.state = reason === "killed" ? "crashed" : "stopped";
    }
    void this.#recordActor(entry);
    // The replies the worker sent before its exit frame (same batch) settle first: the
    // failed call that crashed the actor gets its own error, not ActorDiedError.
    setImmediate(() => this.#superviseExit(entry, incarnation, reason));
  }

  #superviseExit(entry: ActorEntry, incarnation: RemoteActor, reason: ExitReason): void {
    incarnation.exited(reason);
    // Once its supervisor has reacted, an actor that is not coming back has ended: stopped
    // when it stopped normally (its job ended, it stopped itself), else dead.
    const dead = () => {
      if (ended(entry)) return;
      const why = entry.lastError ?? describe(reason);
      this.#markEnded(entry, why, entry.state === "stopped" ? "stopped" : "dead");
    };
    void entry
      .owner()
      .then((supervisor) => supervisor.children())
      .then((children) => {
        const child = children.find((c) => c.id === entry.childId);
        const coming =
          entry.incarnation !== undefined ||
          child?.state === "restarting" ||
          child?.state === "running";
        if (!coming) dead();
      }, dead);
  }

  #markDead(entry: ActorEntry, why: string): void {
    this.#markEnded(entry, why, "dead");
  }

  /**
   * The actor has ended for good: its waiting calls fail, its name is free, and its
   * call log (nothing replays it again) releases what it held and is compacted away.
   */
  #markEnded(entry: ActorEntry, why: string, state: "dead" | "stopped"): void {
    const first = !ended(entry);
    entry.state = state;
    if (state === "dead") entry.lastError = why; // a normal stop is no error
    const label = entry.request.name ?? entry.actorId;
    const error = new ActorDiedError(entry.actorId, {
      error: new Error(`${why}; see \`rayx inspect ${label}\``),
    });
    entry.deathError = error;
    for (const call of entry.waiting) this.objects.settle(call.resultId, { kind: "error", error });
    entry.waiting.length = 0;
    // A call still running (an actor that stopped itself finishes it) keeps its coming reply;
    // one lost with an incarnation may have been applied before it died.
    for (const [no, call] of entry.inflight) {
      if (!call.lost) continue;
      entry.inflight.delete(no);
      this.objects.settle(call.resultId, { kind: "error", error: this.#lostError(entry, call) });
    }
    if (entry.request.name !== undefined) {
      this.#gcs.releaseName(entry.namespace, entry.request.name, entry.actorId).catch(swallow);
    }
    void this.#recordActor(entry);
    if (entry.incarnation === undefined) this.#retireOwnWorker(entry);
    this.#actorResources.release(entry.actorId, entry.request.resources);
    this.#tasks.dispatch();
    if (first) {
      const objects = {
        store: this.objects.store,
        holdAs: (holder: string, holds: string[], releases: string[]) =>
          this.objects.refs.report(holder, holds, releases),
      };
      GcsCallLog.discard(this.#gcs, entry.actorId, objects).catch(swallow);
    }
  }

  /** Stops the isolated actor's own process kept for a restart that is not coming. */
  #retireOwnWorker(entry: ActorEntry): void {
    const own = entry.ownWorker;
    if (own === undefined) return;
    entry.ownWorker = undefined;
    if (this.#workers.get(own.workerId) !== own) return;
    this.#workers.delete(own.workerId);
    own.requests.failAll(new WorkerDiedError(`worker ${own.workerId} was retired with its actor`));
    void this.#pool.retire(own.workerId);
  }

  async lookupActor(name: string, namespace?: string): Promise<ActorAddress> {
    const ns = namespace ?? this.namespace;
    const actorId = await this.#gcs.lookupName(ns, name);
    const entry = actorId === undefined ? undefined : this.#actors.get(actorId);
    if (entry === undefined || ended(entry)) throw new ActorNotFoundError(name, ns);
    return this.#address(entry.actorId);
  }

  #address(actorId: string): ActorAddress {
    const entry = this.#actors.get(actorId);
    if (entry === undefined) throw new ActorNotFoundError(actorId, this.namespace);
    return { actorId, className: entry.request.className, methods: entry.request.methods };
  }

  async kill(actorId: string, noRestart: boolean): Promise<void> {
    const entry = this.#actors.get(actorId);
    if (entry === undefined || ended(entry)) return;
    if (!noRestart) {
      entry.incarnation?.exit("killed");
      return;
    }
    const supervisor = await entry.owner().catch(() => undefined);
    const child = (await supervisor?.children().catch(() => []))?.find(
      (c) => c.id === entry.childId,
    );
    if (supervisor !== undefined && child !== undefined) {
      await supervisor.terminateChild(child.id).catch(swallow);
      await supervisor.deleteChild(child.id).catch(swallow);
    } else {
      entry.incarnation?.exit("killed");
    }
    // Killed for good, even when its exit was taken for a normal stop first.
    if (entry.state !== "dead") this.#markDead(entry, "killed by kill()");
  }

  // ---- jobs of drivers that joined over ws -------------------------------------

  /**
   * Opens a driver's job: its own root supervisor and `supervise()` trees, recorded in
   * the GCS unless `recorded` is false (a tool's session: `DriverHello.job`).
   */
  async openJob(
    info: Omit<JobInfo, "nodeId" | "state" | "startedAt">,
    recorded = true,
  ): Promise<JobScope> {
    const job: JobInfo = { ...info, nodeId: this.nodeId, state: "running", startedAt: Date.now() };
    const root = await Supervisor.start(ROOT_SPEC, { id: `${job.jobId}/root` });
    if (recorded) {
      await Promise.all([this.#gcs.putJob(job), recordSupervisor(this.#gcs, root, ROOT_RECORD)]);
    }
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
        this.#childStart(request, path, childId, owner, jobId),
      child: (path, childId) => this.#supervisedChild(path, childId),
    });
  }

  // ---- supervise() trees ------------------------------------------------------

  supervise(request: SupervisorRequest): Promise<string> {
    return this.#trees.supervise(request);
  }

  supervisorCall(supervisorId: string, operation: SupervisorOp): Promise<unknown> {
    return this.#trees.call(supervisorId, operation);
  }

  /**
   * The start of a supervised actor child at `path`/`childId`: the same entry (and
   * call log) across restarts, a fresh actor once it was dead.
   */
  #childStart(
    request: SpawnRequest,
    path: string,
    childId: string,
    owner: () => Promise<Supervisor>,
    jobId: string,
  ): () => Promise<Process> {
    let entry: ActorEntry | undefined;
    return () => {
      if (entry !== undefined && !ended(entry)) return this.#startIncarnation(entry, true);
      entry = this.#newEntry(request, this.#newActorId(request), jobId, childId, path, owner);
      this.#supervised.set(`${path}/${childId}`, entry.actorId);
      return this.#startIncarnation(entry, false);
    };
  }

  /** The live actor of supervised child `path`/`childId`. */
  #supervisedChild(path: string, childId: string): ActorAddress | undefined {
    const actorId = this.#supervised.get(`${path}/${childId}`);
    const entry = actorId === undefined ? undefined : this.#actors.get(actorId);
    return entry === undefined || ended(entry) ? undefined : this.#address(entry.actorId);
  }

  #newActorId(request: SpawnRequest): string {
    return `${request.className}-${this.#nextActor++}-${process.pid}`;
  }

  async inspect(target: string): Promise<InspectedActor> {
    let entry = this.#actors.get(target);
    if (entry === undefined) {
      const actorId = await this.#gcs.lookupName(this.namespace, target);
      entry = actorId === undefined ? undefined : this.#actors.get(actorId);
    }
    const info =
      entry === undefined ? await this.#gcs.getActor(target) : await this.#recordActor(entry);
    if (info === undefined) throw new ActorNotFoundError(target, this.namespace);
    const [lastSeq, first, snapshot] = await Promise.all([
      this.#gcs.lastSeq(info.actorId),
      this.#gcs.readCalls(info.actorId, 1, 1),
      this.#gcs.latestSnapshot(info.actorId),
    ]);
    // Entries the latest snapshot folded in stay one more interval (for redelivered
    // calls) but are never replayed again: the log's length is what a rebuild replays.
    const replayedFrom = Math.max((first[0]?.seq ?? lastSeq + 1) - 1, snapshot?.seq ?? 0);
    return {
      ...info,
      logLength: Math.max(0, lastSeq - replayedFrom),
      ...(snapshot === undefined ? {} : { snapshotSeq: snapshot.seq }),
    };
  }

  #recordActor(entry: ActorEntry): Promise<ActorInfo> {
    const info: ActorInfo = {
      actorId: entry.actorId,
      jobId: entry.jobId,
      className: entry.request.className,
      module: entry.request.actorClass.module,
      ownerId: entry.jobId,
      supervisorId: entry.supervisorId,
      state: entry.state,
      restarts: entry.restarts,
      maxRestarts: entry.request.maxRestarts,
      nodeId: entry.worker?.nodeId ?? this.nodeId,
      ...(entry.worker === undefined ? {} : { pid: entry.worker.pid }),
      ...(entry.request.name === undefined ? {} : { name: entry.request.name }),
      namespace: entry.namespace,
      ...(entry.lastError === undefined ? {} : { lastError: entry.lastError }),
      updatedAt: Date.now(),
      spawnSpec: spawnSpecOf(entry.request),
    };
    return this.#gcs.putActor(info).then(
      () => info,
      () => info,
    );
  }

  // ---- state -----------------------------------------------------------------

  listActors(): Promise<readonly ActorInfo[]> {
    return this.#gcs.listActors();
  }
  /** Flushes this node's task records first (they are written behind: `TaskRecords`). */
  async listTasks(): Promise<readonly TaskInfo[]> {
    await this.#tasks.flushRecords();
    return this.#gcs.listTasks();
  }
  /** The objects in object stores (inline ones live only in the node manager's memory). */
  async listObjects(): Promise<readonly ObjectInfo[]> {
    this.#spills.check();
    await this.#directory.flushed();
    return this.#gcs.listObjects();
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

  // ---- workers and frames ----------------------------------------------------

  #addWorker(workerId: string, pid: number, dedicatedTo?: string): WorkerSlot {
    const slot: WorkerSlot = {
      dedicatedTo,
      workerId,
      nodeId: this.#pool.nodeOf(workerId),
      pid,
      requests: new RequestTable(),
      actors: new Set(),
      tasks: new Set(),
    };
    this.#workers.set(workerId, slot);
    if (dedicatedTo !== undefined) return slot;
    for (const waiter of this.#workerWaiters.splice(0)) waiter();
    this.#tasks.dispatch();
    return slot;
  }

  /**
   * The shared (not dedicated) worker with the fewest running tasks or hosted actors,
   * on a node with `needs` free, node `onNode` only when given; the first on a tie.
   */
  #leastBusy(load: "tasks" | "actors", needs: Resources, onNode?: string): WorkerSlot | undefined {
    let best: WorkerSlot | undefined;
    for (const worker of this.#workers.values()) {
      if (worker.dedicatedTo !== undefined) continue;
      if (onNode !== undefined && worker.nodeId !== onNode) continue;
      if (!this.resources.fits(needs, worker.nodeId)) continue;
      if (best === undefined || worker[load].size < best[load].size) best = worker;
    }
    return best;
  }

  /** A worker on the node holding the actor's resources (a process of its own when isolated). */
  async #pickActorWorker(entry: ActorEntry): Promise<WorkerSlot> {
    for (;;) {
      const nodeId = await this.#actorResources.hold(
        entry.actorId,
        entry.request,
        () => void this.#recordActor(entry),
      );
      if (entry.request.isolate) {
        const own = entry.ownWorker;
        if (own !== undefined && this.#workers.get(own.workerId) === own) return own;
        entry.ownWorker = undefined;
        const info = await this.#pool.add();
        return this.#addWorker(info.workerId, info.pid, entry.actorId);
      }
      const best = this.#leastBusy("actors", {}, nodeId); // any node when it needs nothing
      if (best !== undefined) return best;
      if (this.#shuttingDown) throw new WorkerDiedError("the runtime is shutting down");
      // A worker of that node is being replaced, or the node left: the next turn places it again.
      await this.#placesChanged();
    }
  }

  /** Resolves when a worker comes, or a node joins, leaves or gives resources back. */
  #placesChanged(): Promise<void> {
    return new Promise((resolve) => {
      this.#workerWaiters.push(resolve);
      void this.resources.changed().then(resolve);
    });
  }

  #request(
    worker: WorkerSlot,
    frame: DistributiveOmit<Frame & { requestId: number }, "requestId">,
  ): Promise<ResultValue> {
    const { id, reply } = worker.requests.open();
    try {
      this.#pool.send(worker.workerId, { ...frame, requestId: id } as Frame);
    } catch (error) {
      worker.requests.reject(
        id,
        new WorkerDiedError(`worker ${worker.workerId} is gone`, { cause: error }),
      );
    }
    return reply;
  }

  #onFrame(workerId: string, frame: Frame): void {
    const worker = this.#workers.get(workerId);
    if (worker === undefined) return;
    switch (frame.kind) {
      case "result":
      case "failure":
        worker.requests.settle(frame);
        return;
      case "exit": {
        const entry = this.#actors.get(frame.subjectId);
        if (entry === undefined || entry.worker !== worker) return;
        this.#actorExited(entry, actorExitReason(frame));
        return;
      }
      case "blocked":
        this.#tasks.workerBlocked(worker, frame.blocked);
        return;
      case "call":
        if (
          frame.target.kind === "function" &&
          frame.target.function.module === NODE_SERVICE_MODULE
        ) {
          const op = frame.target.function.exportName as NodeServiceOp;
          void serveNodeCall(this, frame, op, { holder: workerId, node: worker.nodeId }).then(
            (reply) => {
              try {
                this.#pool.send(workerId, reply);
              } catch {
                // The worker died meanwhile.
              }
            },
          );
        }
        return;
      default:
        return;
    }
  }

  #onWorkerExit(exit: WorkerExit): void {
    const worker = this.#workers.get(exit.workerId);
    if (worker === undefined) return;
    this.#workers.delete(exit.workerId);
    const how = exit.signal ?? `code ${exit.code}`;
    const error = new WorkerDiedError(`worker ${exit.workerId} (pid ${exit.pid}) died (${how})`);
    worker.requests.failAll(error);
    this.#objectsOfWorkerGone(exit.workerId);
    for (const actorId of worker.actors) {
      const entry = this.#actors.get(actorId);
      if (entry !== undefined && entry.worker === worker) this.#actorExited(entry, { error });
    }
    if (this.#shuttingDown || exit.expected) return;
    if (worker.dedicatedTo !== undefined) {
      void this.#pool.retire(exit.workerId);
      return;
    }
    void this.#replaceWorker(exit.workerId);
  }

  /**
   * Takes in a node joining over `socket` (a `rayx.node.v1` ws connection): once its
   * agent has said hello, its workers run tasks and actors like local ones, under its
   * own resources; when it goes away they exit and what ran there moves elsewhere.
   * `transfer` says where the head serves its own objects to nodes (and the token).
   */
  async acceptNode(socket: WebSocket, transfer: TransferOptions = {}): Promise<RemoteNode> {
    const node = await RemoteNode.accept(socket, {
      gcs: this.#gcs,
      stored: (nodeId, storedId, size) => this.#placement.stored(storedId, nodeId, size),
      used: (nodeId) => this.resources.used(nodeId),
      tag: `n${this.#nodesJoined++ + 2}`,
      welcome: {
        kind: "welcome",
        headNodeId: this.nodeId,
        hostname: hostname(),
        gcsDir: join(this.sessionDir, "gcs"),
        namespace: this.namespace,
      },
    });
    if (this.#shuttingDown) {
      await node.shutdown();
      return node;
    }
    await this.#placement.addNode(node, transfer);
    this.#nodes.add(node);
    this.resources.addNode(node.nodeId, node.resources);
    this.#pool.attach(node.nodeId, node);
    for (const info of node.workers()) this.#addWorker(info.workerId, info.pid);
    void node.closed.then(() => {
      this.#nodes.delete(node);
      this.#pool.detach(node);
      this.resources.removeNode(node.nodeId);
      const lost = this.#placement.removeNode(node.nodeId);
      if (lost.length > 0) this.objectsLost(lost, `its node ${node.nodeId} died`);
    });
    return node;
  }

  /** The joined nodes that are connected now. */
  nodes(): readonly RemoteNode[] {
    return [...this.#nodes];
  }

  /** Starts a worker in place of `workerId` (killing it if it still runs). */
  #replaceWorker(workerId: string): Promise<void> {
    return this.#pool.replace(workerId).then((info) => {
      this.#addWorker(info.workerId, info.pid);
    }, swallow);
  }

  /** Stops every supervisor (actors first), then the pool; closes the stores. Idempotent. */
  shutdown(): Promise<void> {
    this.#shuttingDown ??= (async () => {
      for (const waiter of this.#workerWaiters.splice(0)) waiter();
      await this.#root.stop().catch(swallow);
      await this.#clusterRoot.stop().catch(swallow);
      await this.#gcs
        .putJob({
          jobId: this.jobId,
          namespace: this.namespace,
          nodeId: this.nodeId,
          driverPid: process.pid,
          entrypoint: process.argv[1] ?? "",
          state: "succeeded",
          startedAt: 0,
          endedAt: Date.now(),
        })
        .catch(swallow);
      await this.#pool.shutdown();
      await this.#tasks.flushRecords();
      await this.#stopHeartbeat();
      this.#spills.check();
      this.#spills.stop();
      await this.#directory.flushed();
      await this.#placement.close();
      await this.objects.store.destroy().catch(swallow);
      await this.#gcs.close().catch(swallow);
      if (this.#options.ownsSessionDir) await rm(this.sessionDir, { recursive: true, force: true });
    })();
    return this.#shuttingDown;
  }
}

/** Whether some node of the cluster now could ever give `needs`. */
function canEver(resources: ClusterResources, needs: Resources): boolean {
  try {
    resources.checkFeasible("", needs);
    return true;
  } catch {
    return false;
  }
}

/** Whether the actor ended for good (dead or stopped): nothing restarts it. */
function ended(entry: ActorEntry): boolean {
  return entry.deathError !== undefined;
}

function describe(reason: ExitReason): string {
  if (typeof reason === "string") return `it stopped (${reason})`;
  const error = reason.error;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
