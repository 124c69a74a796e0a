/**
 * Where an actor runs: the node holding its resources (`ActorResources`), then the
 * least busy shared worker there, or a process of its own when it is isolated. A
 * placement that finds no worker waits for the places to change; a rebuild whose
 * resources are a node's that has not rejoined yet waits for that node, bounded.
 */
import type { Clock } from "@rayx/actors";
import { WorkerDiedError } from "../../errors.js";
import type { ClusterResources } from "../ClusterResources.js";
import type { Resources } from "../ResourcePool.js";
import type { WorkerSlot } from "../WorkerSlot.js";
import type { WorkerSlots } from "../workers/WorkerSlots.js";
import type { ActorEntry } from "./ActorEntry.js";
import { ActorResources } from "./ActorResources.js";

export class ActorPlacement {
  /** What each actor holds, kept across its restarts. */
  readonly resources: ActorResources;
  readonly #cluster: ClusterResources;
  readonly #workers: WorkerSlots;
  readonly #clock: Clock;
  readonly #stopped: () => boolean;

  constructor(
    nodeId: string,
    cluster: ClusterResources,
    workers: WorkerSlots,
    clock: Clock,
    stopped: () => boolean,
  ) {
    this.#cluster = cluster;
    this.#workers = workers;
    this.#clock = clock;
    this.#stopped = stopped;
    this.resources = new ActorResources(cluster, {
      here: nodeId,
      shared: (needs) => workers.leastBusy("actors", needs)?.nodeId,
      changed: () => workers.placesChanged(),
      stopped,
    });
  }

  /**
   * A worker on the node holding the actor's resources (a process of its own when
   * isolated); `waiting` runs once when they are not free yet.
   */
  async pick(entry: ActorEntry, waiting: () => void): Promise<WorkerSlot> {
    const workers = this.#workers;
    for (;;) {
      const nodeId = await this.resources.hold(entry.actorId, entry.request, waiting);
      if (entry.request.isolate) {
        const own = entry.ownWorker;
        if (own !== undefined && workers.live(own)) return own;
        entry.ownWorker = undefined;
        return workers.addDedicated(entry.actorId);
      }
      const best = workers.leastBusy("actors", {}, nodeId); // any node when it needs nothing
      if (best !== undefined) return best;
      if (this.#stopped()) throw new WorkerDiedError("the runtime is shutting down");
      // A worker of that node is being replaced, or the node left: the next turn places it again.
      await workers.placesChanged();
    }
  }

  /** Whether some node of the cluster now could ever give `needs`. */
  canEver(needs: Resources): boolean {
    try {
      this.#cluster.checkFeasible("", needs);
      return true;
    } catch {
      return false;
    }
  }

  /** Resolves once a node that could ever give `needs` is here; rejects after `withinMs`. */
  async feasibleWithin(what: string, needs: Resources, withinMs: number): Promise<void> {
    const clock = this.#clock;
    const deadline = clock.now() + withinMs;
    while (!this.canEver(needs)) {
      if (clock.now() >= deadline || this.#stopped()) this.#cluster.checkFeasible(what, needs);
      await new Promise<void>((resolve) => {
        clock.setTimeout(resolve, deadline - clock.now());
        this.#workers.onAdded(resolve);
      });
    }
  }
}
