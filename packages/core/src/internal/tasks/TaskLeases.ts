/**
 * The task scheduler's worker leases (Ray's lease + pipelining): a lease holds the
 * resources of one task shape (`{ cpu: 1 }`, …) on one worker, and tasks of that shape
 * are pipelined to it — up to `PIPELINE_DEPTH` sent ahead — so the worker never idles
 * for a round trip between tasks. The worker runs a lease's tasks one at a time, async
 * ones too (`LeaseChains`), so resources are accounted per lease, not per queued task:
 * the node's `cpu` (or `gpu`) bounds what runs at once, and pipelining only removes
 * the gaps. When a worker's code starts waiting in `get`/`wait`, the leases it holds
 * then lend their resources out until it stops waiting (Ray releases a blocked
 * worker's cpu) and its queued tasks start, so a task that waits for a task it
 * submitted cannot deadlock a node; a lent lease takes no more tasks. Leases made
 * later on that worker lend only at its next notice: lending each at once would let
 * one waiting client task unbound the node (every queued task its own lease, no
 * pipelining).
 */
import type { ClusterResources } from "../ClusterResources.js";
import type { Resources } from "../ResourcePool.js";
import type { WorkerSlot } from "../WorkerSlot.js";

/** Tasks sent to one lease's worker and not yet answered, at most. */
export const PIPELINE_DEPTH = 16;

export interface Lease {
  /** Sent with each of its tasks: the worker runs one lease's tasks one at a time. */
  readonly id: number;
  readonly worker: WorkerSlot;
  readonly needs: Resources;
  /** `shapeOf(needs)`: which tasks may share this lease. */
  readonly shape: string;
  /** Tasks sent and not yet answered. */
  tasks: number;
  /** Its resources are lent out while its worker waits in `get`. */
  lent: boolean;
  /** Its worker died: no more tasks go to it. */
  closed: boolean;
}

/** One string per resource shape: tasks with equal shapes may share a lease. */
export function shapeOf(needs: Resources): string {
  return Object.keys(needs)
    .sort()
    .map((name) => `${name}=${needs[name]}`)
    .join(",");
}

export class TaskLeases {
  readonly #resources: ClusterResources;
  readonly #leases = new Set<Lease>();
  /** Workers whose code waits in `get`/`wait` now (weak: a dead worker's slot just goes). */
  readonly #blocked = new WeakSet<WorkerSlot>();
  #nextId = 1;

  constructor(resources: ClusterResources) {
    this.#resources = resources;
  }

  /**
   * A lease for one more task of `needs`: a new one on the worker `pick` finds (a
   * node with `needs` free), else the least loaded open lease of the same shape with
   * room in its pipeline and its resources not lent out (a task sent to a lent lease
   * would start at once, on resources another task may hold); `undefined` when
   * neither exists.
   */
  acquire(
    needs: Resources,
    shape: string,
    pick: (needs: Resources) => WorkerSlot | undefined,
  ): Lease | undefined {
    const worker = pick(needs);
    if (worker !== undefined) {
      this.#resources.take(needs, worker.nodeId);
      const lease: Lease = {
        id: this.#nextId++,
        worker,
        needs,
        shape,
        tasks: 1,
        lent: false,
        closed: false,
      };
      this.#leases.add(lease);
      return lease;
    }
    let best: Lease | undefined;
    for (const lease of this.#leases) {
      if (lease.shape !== shape || lease.closed || lease.lent || lease.tasks >= PIPELINE_DEPTH)
        continue;
      if (best === undefined || lease.tasks < best.tasks) best = lease;
    }
    if (best !== undefined) best.tasks++;
    return best;
  }

  /** One task of `lease` ended; `workerDied` closes the lease to further tasks. */
  release(lease: Lease, workerDied: boolean): void {
    lease.tasks--;
    if (workerDied) lease.closed = true;
    if (lease.tasks > 0) return;
    this.#leases.delete(lease);
    if (!lease.lent) this.#resources.give(lease.needs, lease.worker.nodeId);
  }

  /**
   * `worker`'s code started waiting in `get`/`wait` (`blocked`: its leases not yet
   * lent lend their resources out), or no longer waits at all (they take them back;
   * the node may then be over its total for a while, as in Ray). True when
   * resources were freed.
   */
  blocked(worker: WorkerSlot, blocked: boolean): boolean {
    if (blocked) this.#blocked.add(worker);
    else if (!this.#blocked.delete(worker)) return false;
    let freed = false;
    for (const lease of this.#leases) {
      if (lease.worker !== worker || lease.lent === blocked) continue;
      lease.lent = blocked;
      if (blocked) this.#resources.give(lease.needs, worker.nodeId);
      else this.#resources.take(lease.needs, worker.nodeId);
      freed ||= blocked;
    }
    return freed;
  }
}
