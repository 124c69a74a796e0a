/**
 * The resources of every node of a cluster: one `ResourcePool` per node (the head's
 * own and one per joined node), so a task or actor takes its `cpu` and custom
 * resources from the node it runs on. A request no live node could ever meet fails at
 * once; a dead node's pool is dropped with it.
 */
import { InfeasibleResourcesError } from "../errors.js";
import { ResourcePool } from "./ResourcePool.js";
import type { Resources } from "./ResourcePool.js";

export class ClusterResources {
  readonly #nodes = new Map<string, ResourcePool>();

  constructor(nodeId: string, total: Resources) {
    this.addNode(nodeId, total);
  }

  addNode(nodeId: string, total: Resources): void {
    this.#nodes.set(nodeId, new ResourcePool(total));
  }

  removeNode(nodeId: string): void {
    this.#nodes.delete(nodeId);
  }

  /** What every live node has, summed. */
  get total(): Resources {
    const sum: Record<string, number> = {};
    for (const pool of this.#nodes.values()) {
      for (const [name, amount] of Object.entries(pool.total))
        sum[name] = (sum[name] ?? 0) + amount;
    }
    return sum;
  }

  /** Throws `InfeasibleResourcesError` when no live node can ever give `needs` to `what`. */
  checkFeasible(what: string, needs: Resources): void {
    for (const pool of this.#nodes.values()) if (pool.feasible(needs)) return;
    // One node: its own error, which names what it has.
    if (this.#nodes.size === 1)
      for (const pool of this.#nodes.values()) pool.checkFeasible(what, needs);
    const wanted = Object.entries(needs)
      .map(([name, amount]) => `${amount} ${name}`)
      .join(", ");
    throw new InfeasibleResourcesError(
      `${what} needs ${wanted} but none of the ${this.#nodes.size} nodes has that much: ` +
        `lower its resources, or start a node with them (rayx start --resources)`,
    );
  }

  /** Whether node `nodeId` has `needs` in total (free or not). */
  feasible(needs: Resources, nodeId: string): boolean {
    const total = this.#nodes.get(nodeId)?.total;
    return (
      total !== undefined && Object.entries(needs).every(([name, n]) => (total[name] ?? 0) >= n)
    );
  }

  /** What is taken now on node `nodeId` (`{}` for a node that is gone). */
  used(nodeId: string): Resources {
    return this.#nodes.get(nodeId)?.used ?? {};
  }

  /** Whether node `nodeId` has `needs` free now. */
  fits(needs: Resources, nodeId: string): boolean {
    return this.#nodes.get(nodeId)?.fits(needs) ?? false;
  }

  take(needs: Resources, nodeId: string): void {
    this.#nodes.get(nodeId)?.take(needs);
  }

  /** Gives back what was taken on `nodeId` (nothing if that node is gone). */
  give(needs: Resources, nodeId: string): void {
    this.#nodes.get(nodeId)?.give(needs);
  }
}
