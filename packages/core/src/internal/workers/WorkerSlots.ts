/**
 * The workers a node manager places work on: one `WorkerSlot` per live worker (local
 * or a joined node's), the least busy pick, and requests to a worker that its replies
 * (or its death) settle. It reaches processes only through a `WorkerPort` — the
 * `WorkerSources` in a node manager, a fake in unit tests.
 */
import { WorkerDiedError } from "../../errors.js";
import type { ClusterResources } from "../ClusterResources.js";
import type { Frame, ResultValue } from "../Frame.js";
import { RequestTable } from "../RequestTable.js";
import type { Resources } from "../ResourcePool.js";
import type { WorkerExit, WorkerInfo } from "../WorkerPool.js";
import type { WorkerSlot } from "../WorkerSlot.js";

/** What the slots need of the worker processes (`WorkerSources` has this shape). */
export interface WorkerPort {
  /** The node that runs `workerId`. */
  nodeOf(workerId: string): string;
  /** Throws when the worker is not reachable. */
  send(workerId: string, frame: Frame): void;
  /** Starts a local worker. */
  add(): Promise<WorkerInfo>;
  retire(workerId: string): Promise<void>;
  /** Starts a worker in place of `workerId` (killing it if it still runs). */
  replace(workerId: string): Promise<WorkerInfo>;
}

export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A frame to a worker, its request id still to be given. */
export type WorkerRequest = DistributiveOmit<Frame & { requestId: number }, "requestId">;

const swallow = (): void => undefined;

export class WorkerSlots {
  readonly #port: WorkerPort;
  readonly #resources: ClusterResources;
  readonly #added: () => void;
  readonly #slots = new Map<string, WorkerSlot>();
  readonly #waiters: (() => void)[] = [];

  /** `added` runs when a shared worker comes (queued work may now run). */
  constructor(port: WorkerPort, resources: ClusterResources, added: () => void) {
    this.#port = port;
    this.#resources = resources;
    this.#added = added;
  }

  get(workerId: string): WorkerSlot | undefined {
    return this.#slots.get(workerId);
  }

  /** Whether `slot` is still the live worker of its id. */
  live(slot: WorkerSlot): boolean {
    return this.#slots.get(slot.workerId) === slot;
  }

  /** Takes in a running worker; one `dedicatedTo` an isolated actor runs nothing else. */
  add(workerId: string, pid: number, dedicatedTo?: string): WorkerSlot {
    const slot: WorkerSlot = {
      dedicatedTo,
      workerId,
      nodeId: this.#port.nodeOf(workerId),
      pid,
      requests: new RequestTable(),
      actors: new Set(),
      tasks: new Set(),
    };
    this.#slots.set(workerId, slot);
    if (dedicatedTo !== undefined) return slot;
    this.wake();
    this.#added();
    return slot;
  }

  /** Starts a process of its own for isolated actor `actorId`. */
  async addDedicated(actorId: string): Promise<WorkerSlot> {
    const info = await this.#port.add();
    return this.add(info.workerId, info.pid, actorId);
  }

  /**
   * The shared (not dedicated) worker with the fewest running tasks or hosted actors,
   * on a node with `needs` free, node `onNode` only when given; the first on a tie.
   */
  leastBusy(load: "tasks" | "actors", needs: Resources, onNode?: string): WorkerSlot | undefined {
    let best: WorkerSlot | undefined;
    for (const worker of this.#slots.values()) {
      if (worker.dedicatedTo !== undefined) continue;
      if (onNode !== undefined && worker.nodeId !== onNode) continue;
      if (!this.#resources.fits(needs, worker.nodeId)) continue;
      if (best === undefined || worker[load].size < best[load].size) best = worker;
    }
    return best;
  }

  /** Resolves when a worker comes, or a node joins, leaves or gives resources back. */
  placesChanged(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiters.push(resolve);
      void this.#resources.changed().then(resolve);
    });
  }

  /** Calls `waiter` once, when the next shared worker comes (or at `wake`). */
  onAdded(waiter: () => void): void {
    this.#waiters.push(waiter);
  }

  /** Wakes everything waiting for a worker (a worker came, or the runtime stops). */
  wake(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }

  /** Sends `frame` as a request to `worker`; its reply settles it, its death rejects it. */
  request(worker: WorkerSlot, frame: WorkerRequest): Promise<ResultValue> {
    const { id, reply } = worker.requests.open();
    try {
      this.#port.send(worker.workerId, { ...frame, requestId: id } as Frame);
    } catch (error) {
      worker.requests.reject(
        id,
        new WorkerDiedError(`worker ${worker.workerId} is gone`, { cause: error }),
      );
    }
    return reply;
  }

  /** Sends a frame that wants no reply; a worker that is gone is ignored (its death is reported). */
  tell(worker: WorkerSlot, frame: Frame): void {
    try {
      this.#port.send(worker.workerId, frame);
    } catch {
      // The worker is gone; its exit tells the rest.
    }
  }

  /**
   * Forgets a worker that exited: its requests fail with the `WorkerDiedError` returned.
   * Undefined when it was not (or no longer) one of these slots.
   */
  exited(exit: WorkerExit): { worker: WorkerSlot; error: WorkerDiedError } | undefined {
    const worker = this.#slots.get(exit.workerId);
    if (worker === undefined) return undefined;
    this.#slots.delete(exit.workerId);
    const how = exit.signal ?? `code ${exit.code}`;
    const error = new WorkerDiedError(`worker ${exit.workerId} (pid ${exit.pid}) died (${how})`);
    worker.requests.failAll(error);
    return { worker, error };
  }

  /** Stops live worker `slot` for good (an isolated actor's, once the actor ended). */
  retire(slot: WorkerSlot, why: string): void {
    if (!this.live(slot)) return;
    this.#slots.delete(slot.workerId);
    slot.requests.failAll(new WorkerDiedError(`worker ${slot.workerId} ${why}`));
    void this.#port.retire(slot.workerId);
  }

  /** Lets the port stop a worker that exited (a dedicated one is not replaced). */
  retireExited(workerId: string): void {
    void this.#port.retire(workerId);
  }

  /** Starts a worker in place of `workerId` (killing it if it still runs). */
  replace(workerId: string): Promise<void> {
    return this.#port.replace(workerId).then((info) => {
      this.add(info.workerId, info.pid);
    }, swallow);
  }
}
