/**
 * The resources of every node of a cluster: one `ResourcePool` per node (the head's
 * own and one per joined node), so a task or actor takes its `cpu` and custom
 * resources from the node it runs on. A request no live node could ever meet fails at
 * once; one that could waits for `changed` (resources given back, a node joining or
 * leaving); a dead node's pool is dropped with it.
 */
import { InfeasibleResourcesError } from "../errors.js";
import { ResourcePool } from "./ResourcePool.js";
import type { Resources } from "./ResourcePool.js";

export class ClusterResources {
  readonly #nodes = new Map<string, ResourcePool>();
  /** Waiters of `changed`, woken (all) at the next change. */
  #waiters: (() => void)[] = [];

  constructor(nodeId: string, total: Resources) {
    this.addNode(nodeId, total);
  }

  addNode(nodeId: string, total: Resources): void {
    this.#nodes.set(nodeId, new ResourcePool(total));
    this.#wake();
  }

  removeNode(nodeId: string): void {
    this.#nodes.delete(nodeId);
    this.#wake();
  }

  /** Whether node `nodeId` is live (its pool is here). */
  has(nodeId: string): boolean {
    return this.#nodes.has(nodeId);
  }

  /** Resolves at the next change: resources given back, or a node joining or leaving. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #wake(): void {
    if (this.#waiters.length === 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter();
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
    this.#wake();
  }
}
