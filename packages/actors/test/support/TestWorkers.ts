/**
 * Makes child specs whose processes are `TestChild`ren, keeps every incarnation
 * of each child by name, and one log of starts and exits in the order they happened
 * (`"start a"`, `"exit a crash"`, `"start-failed a"`), so tests assert exact orders.
 */
import type { WorkerChildSpec } from "@rayx/actors";
import { TestChild } from "./TestChild.js";

type Extra = Omit<WorkerChildSpec, "id" | "start">;

export class TestWorkers {
  readonly log: string[] = [];
  readonly #incarnations = new Map<string, TestChild[]>();
  readonly #failures = new Map<string, number>();
  readonly #stubborn = new Set<string>();

  /** A spec for child `name` (restart, shutdown… in `extra`). */
  spec(name: string, extra: Extra = {}): WorkerChildSpec {
    return { id: name, start: () => this.#start(name), ...extra };
  }

  /** The latest incarnation of `name`. */
  current(name: string): TestChild {
    const child = this.#incarnations.get(name)?.at(-1);
    if (child === undefined) throw new Error(`test child '${name}' was never started`);
    return child;
  }

  /** How many times `name` was started. */
  starts(name: string): number {
    return this.#incarnations.get(name)?.length ?? 0;
  }

  /** The next `times` starts of `name` throw. */
  failStarts(name: string, times: number): void {
    this.#failures.set(name, times);
  }

  /** Incarnations of `name` started from now on ignore the shutdown signal. */
  ignoreShutdown(name: string): void {
    this.#stubborn.add(name);
  }

  /** Clears the log (keeps the children). */
  takeLog(): string[] {
    return this.log.splice(0);
  }

  #start(name: string): TestChild {
    const failures = this.#failures.get(name) ?? 0;
    if (failures > 0) {
      this.#failures.set(name, failures - 1);
      this.log.push(`start-failed ${name}`);
      throw new Error(`${name} refuses to start`);
    }
    const incarnations = this.#incarnations.get(name) ?? [];
    this.#incarnations.set(name, incarnations);
    const child = new TestChild(
      `${name}#${incarnations.length + 1}`,
      name,
      this.log,
      this.#stubborn.has(name),
    );
    incarnations.push(child);
    this.log.push(`start ${name}`);
    return child;
  }
}
