/**
 * The actors of a node manager: spawn (names claimed in the GCS), placement on a
 * worker, one `RemoteActor` incarnation after another as a transient child of its
 * kernel `Supervisor`, and the end of an actor for good (dead or stopped). A crash or
 * a worker's death rebuilds the actor on a live worker from its call log; calls made
 * meanwhile wait (`ActorCallQueue`). Workers are reached through `WorkerSlots`, time
 * through a `Clock`, records through the GCS: unit tests run it on fakes of the first.
 */
import { ActorDiedError } from "@rayx/actors";
import type { Clock, ExitReason, Process, Supervisor } from "@rayx/actors";
import type { ActorInfo, Gcs } from "@rayx/gcs";
import {
  ActorNameTakenError,
  ActorNotFoundError,
  TaskError,
  WorkerDiedError,
  WorkerStartError,
} from "../../errors.js";
import { actorExitFrame } from "../actorExit.js";
import type { SpawnPayload } from "../ActorHost.js";
import type { ClusterResources } from "../ClusterResources.js";
import type { ActorAddress, ActorInfo as InspectedActor, SpawnRequest } from "../clusterClient.js";
import { GcsCallLog } from "../GcsCallLog.js";
import { reconnectWithinMs } from "../nodes/reconnect.js";
import type { ObjectTable } from "../ObjectTable.js";
import { RemoteActor, exitedProcess } from "../RemoteActor.js";
import { encodeValue } from "../wireCodec.js";
import type { WorkerSlot } from "../WorkerSlot.js";
import type { WorkerSlots } from "../workers/WorkerSlots.js";
import { ActorCallQueue } from "./ActorCallQueue.js";
import type { ActorEntry } from "./ActorEntry.js";
import { describeExit, ended } from "./ActorEntry.js";
import { ActorRecords } from "./ActorRecords.js";
import { ActorPlacement } from "./ActorPlacement.js";
import { redeliveredIds } from "./callDelivery.js";
import { retryOnWorkerDeath } from "./retryOnWorkerDeath.js";

export interface ActorManagerOptions {
  readonly nodeId: string;
  /** The namespace of names given without one. */
  readonly namespace: string;
  /** The job actors are recorded under unless a spawn names another. */
  readonly jobId: string;
  readonly gcs: Gcs;
  readonly objects: ObjectTable;
  readonly workers: WorkerSlots;
  readonly resources: ClusterResources;
  readonly clock: Clock;
  /** The supervisors of actors spawned with none: the job's root, and the cluster's (detached). */
  readonly roots: () => { readonly job: Supervisor; readonly cluster: Supervisor };
  /** The runtime is shutting down: placement waits end. */
  readonly stopped: () => boolean;
  /** An actor ended for good and gave its resources back (queued tasks may fit now). */
  readonly freed: () => void;
}

const swallow = (): void => undefined;

export class ActorManager {
  readonly #options: ActorManagerOptions;
  readonly #actors = new Map<string, ActorEntry>();
  readonly #calls: ActorCallQueue;
  readonly #records: ActorRecords;
  readonly #placement: ActorPlacement;
  /** Actor ids of supervised children, by `<supervisor id>/<child id>`. */
  readonly #supervised = new Map<string, string>();
  #nextActor = 1;

  constructor(options: ActorManagerOptions) {
    this.#options = options;
    const { workers } = options;
    this.#calls = new ActorCallQueue(options.objects, workers);
    this.#records = new ActorRecords(options.gcs, options.nodeId, options.namespace, options.clock);
    this.#placement = new ActorPlacement(
      options.nodeId,
      options.resources,
      workers,
      options.clock,
      options.stopped,
    );
  }

  /** Spawns an actor under `under` (by default the job's or cluster's root), recorded under job `jobId`. */
  async spawn(
    request: SpawnRequest,
    under?: Supervisor,
    jobId = this.#options.jobId,
  ): Promise<ActorAddress> {
    const gcs = this.#options.gcs;
    this.#options.resources.checkFeasible(`actor ${request.className}`, request.resources);
    const namespace = request.namespace ?? this.#options.namespace;
    const actorId = this.#newActorId(request);
    const address = { actorId, className: request.className, methods: request.methods };
    if (request.name !== undefined) {
      const claim = await gcs.claimName(namespace, request.name, actorId);
      if (!claim.created) {
        const existing = this.#actors.get(claim.actorId);
        if (existing !== undefined && ended(existing)) {
          await gcs.releaseName(namespace, request.name, claim.actorId);
          return this.spawn(request, under, jobId);
        }
        if (request.getIfExists) return this.#address(claim.actorId);
        throw new ActorNameTakenError(request.name, namespace, claim.actorId);
      }
    }
    const roots = this.#options.roots();
    const supervisor = under ?? (request.detached ? roots.cluster : roots.job);
    const entry = this.#newEntry(request, actorId, jobId, actorId, supervisor.id, () =>
      Promise.resolve(supervisor),
    );
    try {
      // Before its supervisor starts it: a spawn waiting for resources holds up no other.
      await this.#placement.resources.hold(
        entry.actorId,
        entry.request,
        () => void this.#record(entry),
      );
      await this.#startChild(supervisor, entry);
    } catch (error) {
      this.#actors.delete(actorId);
      this.#placement.resources.release(actorId, request.resources);
      if (request.name !== undefined) await gcs.releaseName(namespace, request.name, actorId);
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
    const root = this.#options.roots().cluster;
    const entry = this.#newEntry(request, actorId, this.#options.jobId, actorId, root.id, () =>
      Promise.resolve(root),
    );
    entry.restarts = restarts;
    const start = async () => {
      await this.#placement.resources.hold(actorId, request, () => void this.#record(entry));
      await this.#startChild(root, entry);
    };
    if (!this.#placement.canEver(request.resources)) {
      // Its resources are a joined node's that has not rejoined yet: its calls wait meanwhile.
      void this.#placement
        .feasibleWithin(`actor ${request.className}`, request.resources, reconnectWithinMs())
        .then(start)
        .catch((error: unknown) => {
          this.#placement.resources.release(actorId, request.resources);
          this.#markEnded(entry, `its rebuild failed: ${(error as Error).message}`, "dead");
        });
      return;
    }
    try {
      await start();
    } catch (error) {
      this.#actors.delete(actorId);
      this.#placement.resources.release(actorId, request.resources);
      throw error;
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
      namespace: request.namespace ?? this.#options.namespace,
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
        const { restarts, request } = entry;
        const why = `restarts exhausted (${restarts} of maxRestarts ${request.maxRestarts})`;
        this.#markEnded(entry, why, "dead");
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
      await this.#options.workers.request(worker, {
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
        async () => startOn(await this.#placement.pick(entry, () => void this.#record(entry))),
        this.#options.stopped,
        () => this.#options.workers.placesChanged(),
      );
    } catch (error) {
      // Its resources left with their node, or a rebuild failed for a reason of its own
      // (replay diverged, constructor threw): it fails again, dead (do not hold up its supervisor).
      const passing = error instanceof WorkerDiedError || error instanceof WorkerStartError;
      if (restart && !passing) {
        this.#markEnded(entry, `its rebuild failed: ${(error as Error).message}`, "dead");
        return exitedProcess(entry.actorId);
      }
      if (!restart) this.#placement.resources.release(entry.actorId, entry.request.resources);
      throw error;
    }
    const remote = new RemoteActor(entry.actorId, worker.workerId, (reason) =>
      this.#options.workers.tell(worker, actorExitFrame(entry.actorId, reason)),
    );
    entry.incarnation = remote;
    entry.worker = worker;
    this.#calls.redeliver(entry, readonlyMethods);
    entry.state = "alive";
    worker.actors.add(entry.actorId);
    await this.#record(entry);
    this.#calls.pump(entry);
    return remote;
  }

  callActor(actorId: string, method: string, args: readonly unknown[], resultId?: string): string {
    return this.#calls.call(this.#actors.get(actorId), actorId, method, args, resultId);
  }

  /** Actor `actorId` on `worker` reported its exit (it threw, or stopped itself). */
  exitedOn(worker: WorkerSlot, actorId: string, reason: ExitReason): void {
    const entry = this.#actors.get(actorId);
    if (entry === undefined || entry.worker !== worker) return;
    this.#exited(entry, reason);
  }

  /** `worker` died with `error`: each actor it hosted exits with it (its supervisor rebuilds it). */
  workerDied(worker: WorkerSlot, error: Error): void {
    for (const actorId of worker.actors) this.exitedOn(worker, actorId, { error });
  }

  #exited(entry: ActorEntry, reason: ExitReason): void {
    const incarnation = entry.incarnation;
    if (incarnation === undefined) return;
    entry.incarnation = undefined;
    const host = entry.worker;
    // Its own process outlives an exit it reported itself (its requests still answer):
    // the restart runs there; one that died, or an actor that ended, gets none.
    if (host?.dedicatedTo === entry.actorId && this.#options.workers.live(host)) {
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
    void this.#record(entry);
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
      const why = entry.lastError ?? describeExit(reason);
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

  /**
   * The actor has ended for good: its waiting calls fail, its name is free, and its
   * call log (nothing replays it again) releases what it held and is compacted away.
   */
  #markEnded(entry: ActorEntry, why: string, state: "dead" | "stopped"): void {
    const { gcs, objects } = this.#options;
    const first = !ended(entry);
    entry.state = state;
    if (state === "dead") entry.lastError = why; // a normal stop is no error
    const label = entry.request.name ?? entry.actorId;
    entry.deathError = new ActorDiedError(entry.actorId, {
      error: new Error(`${why}; see \`rayx inspect ${label}\``),
    });
    this.#calls.failAll(entry, entry.deathError);
    if (entry.request.name !== undefined) {
      gcs.releaseName(entry.namespace, entry.request.name, entry.actorId).catch(swallow);
    }
    void this.#record(entry);
    if (entry.incarnation === undefined) this.#retireOwnWorker(entry);
    this.#placement.resources.release(entry.actorId, entry.request.resources);
    this.#options.freed();
    if (first) {
      const holdAs = (holder: string, holds: string[], releases: string[]) =>
        objects.refs.report(holder, holds, releases);
      GcsCallLog.discard(gcs, entry.actorId, { store: objects.store, holdAs }).catch(swallow);
    }
  }

  /** Stops the isolated actor's own process kept for a restart that is not coming. */
  #retireOwnWorker(entry: ActorEntry): void {
    const own = entry.ownWorker;
    if (own === undefined) return;
    entry.ownWorker = undefined;
    this.#options.workers.retire(own, "was retired with its actor");
  }

  async lookupActor(name: string, namespace?: string): Promise<ActorAddress> {
    const ns = namespace ?? this.#options.namespace;
    const actorId = await this.#options.gcs.lookupName(ns, name);
    const entry = actorId === undefined ? undefined : this.#actors.get(actorId);
    if (entry === undefined || ended(entry)) throw new ActorNotFoundError(name, ns);
    return this.#address(entry.actorId);
  }

  #address(actorId: string): ActorAddress {
    const entry = this.#actors.get(actorId);
    if (entry === undefined) throw new ActorNotFoundError(actorId, this.#options.namespace);
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
    if (entry.state !== "dead") this.#markEnded(entry, "killed by kill()", "dead");
  }

  inspect(target: string): Promise<InspectedActor> {
    return this.#records.inspect(target, (actorId) => this.#actors.get(actorId));
  }

  /**
   * The start of a supervised actor child at `path`/`childId`: the same entry (and
   * call log) across restarts, a fresh actor once it was dead.
   */
  childStart(
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
  supervisedChild(path: string, childId: string): ActorAddress | undefined {
    const actorId = this.#supervised.get(`${path}/${childId}`);
    const entry = actorId === undefined ? undefined : this.#actors.get(actorId);
    return entry === undefined || ended(entry) ? undefined : this.#address(entry.actorId);
  }

  #newActorId(request: SpawnRequest): string {
    return `${request.className}-${this.#nextActor++}-${process.pid}`;
  }

  #record(entry: ActorEntry): Promise<ActorInfo> {
    return this.#records.record(entry);
  }
}
