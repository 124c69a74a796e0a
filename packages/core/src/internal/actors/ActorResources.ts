/**
 * The resources actors hold (Ray's actor resources): an actor takes its `resources`
 * on one node when it is placed and keeps them while it lives — across the restarts
 * of a crash, so a rebuild on that node never waits for them — and gives them back
 * when it ends for good. A spawn that finds them taken everywhere waits, pending,
 * until a node has them free; one no live node could ever give fails at once.
 */
import { WorkerDiedError } from "../../errors.js";
import type { ClusterResources } from "../ClusterResources.js";
import type { SpawnRequest } from "../clusterClient.js";
import type { Resources } from "../ResourcePool.js";

/** What the node manager tells about its nodes and workers. */
export interface ActorPlaces {
  /** This node's id: an isolated actor's own process starts here. */
  readonly here: string;
  /** A node with `needs` free and a shared worker to run on, if any now. */
  shared(needs: Resources): string | undefined;
  /** Resolves when a wait may be over: a worker came, or `ClusterResources.changed`. */
  changed(): Promise<void>;
  /** The runtime is shutting down: waits end. */
  stopped(): boolean;
}

/** What of an actor's spawn request says what it needs. */
export type ActorNeeds = Pick<SpawnRequest, "className" | "resources" | "isolate">;

export class ActorResources {
  readonly #resources: ClusterResources;
  readonly #places: ActorPlaces;
  /** The node whose pool has each actor's resources taken. */
  readonly #held = new Map<string, string>();

  constructor(resources: ClusterResources, places: ActorPlaces) {
    this.#resources = resources;
    this.#places = places;
  }

  /**
   * The node holding the actor's resources: the live one it holds them on, else the
   * first with them free, waiting until one has (`onWait` is called once, then);
   * `undefined` for an actor that needs none (it may run on any node: the least busy).
   * @throws InfeasibleResourcesError when no live node could ever give them.
   */
  async hold(
    actorId: string,
    request: ActorNeeds,
    onWait: () => void,
  ): Promise<string | undefined> {
    const needs = request.resources;
    if (!Object.values(needs).some((amount) => amount > 0)) return undefined;
    const here = this.#places.here;
    let waited = false;
    for (;;) {
      const held = this.#held.get(actorId);
      if (held !== undefined && this.#resources.has(held)) return held;
      this.#held.delete(actorId); // they left with their node
      const nodeId = request.isolate
        ? this.#resources.fits(needs, here)
          ? here
          : undefined
        : this.#places.shared(needs);
      if (nodeId !== undefined) {
        this.#resources.take(needs, nodeId);
        this.#held.set(actorId, nodeId);
        return nodeId;
      }
      if (this.#places.stopped()) throw new WorkerDiedError("the runtime is shutting down");
      this.#resources.checkFeasible(`actor ${request.className}`, needs);
      if (!waited) onWait();
      waited = true;
      await this.#places.changed();
    }
  }

  /** The actor ended for good (or never started): its resources go back to their node. */
  release(actorId: string, needs: Resources): void {
    const nodeId = this.#held.get(actorId);
    if (nodeId === undefined) return;
    this.#held.delete(actorId);
    this.#resources.give(needs, nodeId);
  }
}
