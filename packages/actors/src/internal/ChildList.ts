/**
 * A supervisor's children in start order, each with its live state (process,
 * `running`/`restarting`/`stopped`, restart count), and the views of them that
 * the supervisor reports (`ChildInfo`, `ChildCounts`) or plans with (`PlanChild`).
 */
import type { ChildCounts, ChildInfo, ChildState } from "../ChildInfo.js";
import type { Process } from "../Process.js";
import { ChildNotFoundError } from "../errors.js";
import type { PlanChild } from "./restartPlan.js";
import type { ChildDefinition } from "./validateSupervisorSpec.js";

export interface Child {
  readonly definition: ChildDefinition;
  process: Process | undefined;
  state: ChildState;
  restarts: number;
  /** Removes the supervisor's monitor of `process`. */
  stopMonitoring: (() => void) | undefined;
}

export class ChildList {
  readonly #children: Child[] = [];

  constructor(private readonly supervisorId: string) {}

  /** Adds a stopped child after the others. */
  add(definition: ChildDefinition): Child {
    const child: Child = {
      definition,
      process: undefined,
      state: "stopped",
      restarts: 0,
      stopMonitoring: undefined,
    };
    this.#children.push(child);
    return child;
  }

  find(id: string): Child | undefined {
    return this.#children.find((child) => child.definition.id === id);
  }

  /** The child `id`; throws `ChildNotFoundError` if there is none. */
  get(id: string): Child {
    const child = this.find(id);
    if (child === undefined) throw new ChildNotFoundError(this.supervisorId, id);
    return child;
  }

  drop(ids: readonly string[]): void {
    for (const id of ids) {
      const index = this.#children.findIndex((child) => child.definition.id === id);
      if (index >= 0) this.#children.splice(index, 1);
    }
  }

  /** The children in reverse start order (the order they are stopped in); a copy, safe to change the list meanwhile. */
  reversed(): Child[] {
    return [...this.#children].reverse();
  }

  /** `ids` sorted in start order (ids not in the list are left out). */
  inStartOrder(ids: ReadonlySet<string>): string[] {
    return this.#children.map((child) => child.definition.id).filter((id) => ids.has(id));
  }

  forPlan(): PlanChild[] {
    return this.#children.map(({ definition, state }) => ({
      id: definition.id,
      restart: definition.restart,
      running: state === "running",
    }));
  }

  describe(): ChildInfo[] {
    return this.#children.map(({ definition, state, process, restarts }) => ({
      id: definition.id,
      state,
      ...(process === undefined ? {} : { processId: process.id }),
      restarts,
      restart: definition.restart,
      shutdown: definition.shutdown,
      type: definition.type,
    }));
  }

  count(): ChildCounts {
    const supervisors = this.#children.filter((child) => child.definition.type === "supervisor");
    return {
      specs: this.#children.length,
      active: this.#children.filter((child) => child.state === "running").length,
      supervisors: supervisors.length,
      workers: this.#children.length - supervisors.length,
    };
  }
}
