/**
 * The node's objects as the API and the node service see them: `put`, `get`, `wait`,
 * the refs this process holds (`made`), where stored bytes live (`ObjectPlacement`) and
 * their GCS records (`GcsObjectDirectory`). It owns the `ObjectTable`; what produced an
 * object (its lineage) belongs to the task scheduler, reached through `ObjectLineage`.
 */
import type { Clock } from "@rayx/actors";
import type { ObjectInfo } from "@rayx/gcs";
import { newObjectId } from "@rayx/objectstore";
import type { ObjectStore } from "@rayx/objectstore";
import { InvalidArgumentError } from "../../errors.js";
import type { WaitResult } from "../clusterClient.js";
import type { GcsObjectDirectory } from "../GcsObjectDirectory.js";
import type { ObjectPlacement } from "../ObjectPlacement.js";
import { ObjectTable } from "../ObjectTable.js";
import type { RefTracker } from "../refTracker.js";
import type { SpillWatch } from "./SpillWatch.js";

/** How objects reach their producers: the tasks that made them, and an earlier head's. */
export interface ObjectLineage {
  /** The id of the task producing `objectId`, if known. */
  producerOf(objectId: string): string | undefined;
  /** Nothing can ask for `objectId` any more. */
  forget(objectId: string): void;
  /** Runs the producer of lost `objectId` again; false when none is known. */
  rerun(objectId: string): boolean;
  /** Runs again a producer an earlier head of the session recorded; false when none. */
  recall(objectId: string): boolean;
}

export interface NodeObjectsOptions {
  readonly nodeId: string;
  /** Who owns the objects in their GCS records (the node manager's job). */
  readonly ownerId: string;
  readonly store: ObjectStore;
  readonly placement: ObjectPlacement;
  readonly directory: GcsObjectDirectory;
  readonly spills: SpillWatch;
  readonly lineage: ObjectLineage;
  readonly clock: Clock;
}

const swallow = (): void => undefined;

export class NodeObjects implements RefTracker {
  readonly table: ObjectTable;
  readonly #options: NodeObjectsOptions;
  /** Each live `ObjectRef` of this process holds its object (see `ObjectTable.refs`). */
  readonly #refs = new FinalizationRegistry<string>((id) => this.table.refs.release(id));

  constructor(options: NodeObjectsOptions) {
    this.#options = options;
    const { placement, directory, lineage } = options;
    this.table = new ObjectTable(options.store, {
      stored: (id, storedId) => this.#record(id, storedId),
      unstored: (storedId) => {
        directory.remove(storedId);
        placement.forget(storedId);
      },
      freed: (id) => lineage.forget(id),
      rebuild: (id) => lineage.rerun(id),
      elsewhere: (storedId) => placement.elsewhere(storedId),
      recall: (id) => lineage.recall(id),
    });
  }

  made(ref: object, objectId: string): void {
    this.table.refs.hold(objectId);
    this.#refs.register(ref, objectId);
  }

  /** The GCS objects table's record of a stored object (what `listObjects` and the CLI read). */
  #record(id: string, storedId: string): void {
    const { placement } = this.#options;
    const remote = placement.located(storedId);
    let size = remote?.size ?? 0;
    try {
      if (remote === undefined) size = this.table.store.size(storedId);
    } catch {
      return; // freed already
    }
    const producerTaskId = this.#options.lineage.producerOf(id);
    this.#options.directory.record({
      objectId: storedId,
      size,
      locations: placement.holders(storedId),
      ownerId: this.#options.ownerId,
      ...(producerTaskId === undefined ? {} : { producerTaskId }),
      createdAt: this.#options.clock.now(),
    });
  }

  /** Object-store object `storedId` was written on node `nodeId` (a worker's `put` there). */
  storedOn(nodeId: string, storedId: string): void {
    this.#options.placement.stored(storedId, nodeId);
  }

  /** A worker's refs, and its holds and pins in the object store, go with it. */
  workerGone(workerId: string): void {
    this.table.refs.processGone(workerId);
    this.table.store.sweepDeadHolders().catch(swallow);
  }

  /**
   * Object-store objects whose bytes are gone (their only node died): each is rebuilt
   * from its lineage (its task runs again), or its `get`s fail with `ObjectLostError`.
   */
  lost(storedIds: readonly string[], why: string): void {
    for (const storedId of storedIds) this.table.lost(this.table.objectOf(storedId), why);
  }

  put(value: unknown): string {
    const id = newObjectId();
    this.table.put(id, value);
    return id;
  }

  async get(objectId: string, timeoutMs?: number, zeroCopy = false): Promise<unknown> {
    // The get holds the object until it has read it: the caller's ref may be collected meanwhile.
    this.table.refs.hold(objectId);
    try {
      await this.bringHome(objectId, timeoutMs);
      return await this.table.value(objectId, timeoutMs, zeroCopy);
    } finally {
      this.table.refs.release(objectId);
    }
  }

  /**
   * Waits for object `objectId` and, when its bytes are in another node's store, pulls
   * them into this node's (where the driver reads them). One that cannot be pulled is
   * lost: once rebuilt from its lineage its new copy is pulled, else `table.value`
   * fails it as lost.
   */
  async bringHome(objectId: string, timeoutMs?: number): Promise<void> {
    for (;;) {
      const outcome = await this.table.outcome(objectId, timeoutMs);
      if (outcome.kind !== "stored") return;
      const pulled = await this.#options.placement
        .bring(this.#options.nodeId, outcome.objectId)
        .then(
          () => true,
          () => false,
        );
      if (pulled || this.table.isSettled(objectId)) return;
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
    const pendingIds = objectIds.filter((id) => !this.table.isSettled(id));
    let ready = objectIds.length - pendingIds.length;
    if (ready < numReturns) {
      const stops: (() => void)[] = [];
      await new Promise<void>((resolve) => {
        // Node's own timer, not the clock's unref'd one: a driver awaiting only this wait stays up.
        const timer = timeoutMs === undefined ? undefined : setTimeout(resolve, timeoutMs);
        const check = () => {
          if (++ready !== numReturns) return;
          if (timer !== undefined) clearTimeout(timer);
          resolve();
        };
        for (const id of pendingIds) stops.push(this.table.onSettled(id, check));
      });
      for (const stop of stops) stop(); // no listener outlives the wait
    }
    const readyIds: string[] = [];
    const pending: string[] = [];
    for (const id of objectIds) {
      if (readyIds.length < numReturns && this.table.isSettled(id)) readyIds.push(id);
      else pending.push(id);
    }
    return { ready: readyIds, pending };
  }

  /** The objects in object stores (inline ones live only in the node manager's memory). */
  async list(list: () => Promise<readonly ObjectInfo[]>): Promise<readonly ObjectInfo[]> {
    this.#options.spills.check();
    await this.#options.directory.flushed();
    return list();
  }

  /** Writes what is pending (spill records, directory) and closes the placement and the store. */
  async close(): Promise<void> {
    this.#options.spills.check();
    this.#options.spills.stop();
    await this.#options.directory.flushed();
    await this.#options.placement.close();
    await this.table.store.destroy().catch(swallow);
  }
}
