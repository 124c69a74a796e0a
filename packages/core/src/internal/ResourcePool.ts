/**
 * The resources of one node (`cpu`, `memory`, custom ones) and what is free of them:
 * tasks hold theirs while they run, actors while they are alive. A request above the
 * node's total can never be met and fails at once.
 */
import { InfeasibleResourcesError } from "../errors.js";

export type Resources = Readonly<Record<string, number>>;

export class ResourcePool {
  readonly total: Resources;
  readonly #free: Record<string, number>;

  constructor(total: Resources) {
    this.total = { ...total };
    this.#free = { ...total };
  }

  /** Whether this node could ever give `needs` (what `checkFeasible` throws for when not). */
  feasible(needs: Resources): boolean {
    return !Object.entries(needs).some(([name, amount]) => amount > (this.total[name] ?? 0));
  }

  /** Throws `InfeasibleResourcesError` when this node can never give `needs` to `what`. */
  checkFeasible(what: string, needs: Resources): void {
    for (const [name, amount] of Object.entries(needs)) {
      if (amount > (this.total[name] ?? 0)) {
        throw new InfeasibleResourcesError(
          `${what} needs ${amount} ${name} but this node has ${this.total[name] ?? 0}: ` +
            `lower its resources, or give init({ resources: { ${name}: ${amount} } })`,
        );
      }
    }
  }

  /** What is taken now of each resource of `total` (more than it while blocked tasks take theirs back). */
  get used(): Resources {
    const used: Record<string, number> = {};
    for (const [name, amount] of Object.entries(this.total))
      used[name] = amount - (this.#free[name] ?? 0);
    return used;
  }

  fits(needs: Resources): boolean {
    return Object.entries(needs).every(([name, amount]) => (this.#free[name] ?? 0) >= amount);
  }

  take(needs: Resources): void {
    for (const [name, amount] of Object.entries(needs)) {
      this.#free[name] = (this.#free[name] ?? 0) - amount;
    }
  }

  give(needs: Resources): void {
    for (const [name, amount] of Object.entries(needs)) {
      this.#free[name] = (this.#free[name] ?? 0) + amount;
    }
  }
}
