/**
 * A `Process` standing for one incarnation of an actor that lives in a worker
 * process: what the node manager's supervisors start, signal and monitor. An exit
 * signal becomes an `exit` frame to the worker; the actor's exit (its `exit` frame,
 * or its worker's death) reaches the monitors with `{ error }` for a crash.
 */
import type { ExitReason, Process } from "@rayx/actors";

export class RemoteActor implements Process {
  #exitReason: ExitReason | undefined;
  readonly #monitors = new Set<(reason: ExitReason) => void>();

  constructor(
    readonly id: string,
    readonly workerId: string,
    readonly signal: (reason: ExitReason) => void,
  ) {}

  get exitReason(): ExitReason | undefined {
    return this.#exitReason;
  }

  exit(reason: ExitReason): void {
    if (this.#exitReason === undefined) this.signal(reason);
  }

  monitor(listener: (reason: ExitReason) => void): () => void {
    const reason = this.#exitReason;
    if (reason !== undefined) {
      queueMicrotask(() => listener(reason));
      return () => undefined;
    }
    this.#monitors.add(listener);
    return () => this.#monitors.delete(listener);
  }

  /** The actor exited (reported by its worker, or its worker died). */
  exited(reason: ExitReason): void {
    if (this.#exitReason !== undefined) return;
    this.#exitReason = reason;
    const monitors = [...this.#monitors];
    this.#monitors.clear();
    for (const listener of monitors) listener(reason);
  }
}

/** A process that has already exited normally: the start of an actor whose restarts are exhausted. */
export function exitedProcess(id: string): Process {
  const process = new RemoteActor(id, "", () => undefined);
  process.exited("normal");
  return process;
}
