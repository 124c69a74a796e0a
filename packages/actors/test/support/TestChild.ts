/**
 * A worker that a supervisor test controls (OTP's `supervisor_1` in
 * `supervisor_SUITE`): it crashes, finishes normally or ignores the shutdown
 * signal when told to, and writes what happens to it into a shared log.
 */
import type { ExitReason, Process } from "@rayx/actors";

export class TestChild implements Process {
  #exitReason: ExitReason | undefined;
  readonly #monitors = new Set<(reason: ExitReason) => void>();
  readonly #signalWaiters: ((reason: ExitReason) => void)[] = [];
  /** Exit signals received, in order. */
  readonly signals: ExitReason[] = [];

  constructor(
    readonly id: string,
    readonly name: string,
    private readonly log: string[],
    /** Ignore every exit signal but `"killed"`, so the supervisor must take its kill path. */
    private readonly ignoresShutdown = false,
  ) {}

  get alive(): boolean {
    return this.#exitReason === undefined;
  }

  exit(reason: ExitReason): void {
    if (!this.alive) return;
    this.signals.push(reason);
    for (const waiter of this.#signalWaiters.splice(0)) waiter(reason);
    if (reason !== "killed" && this.ignoresShutdown) return;
    this.#die(reason);
  }

  monitor(listener: (reason: ExitReason) => void): () => void {
    const exitReason = this.#exitReason;
    if (exitReason !== undefined) {
      queueMicrotask(() => listener(exitReason));
      return () => {};
    }
    const entry = (reason: ExitReason): void => listener(reason);
    this.#monitors.add(entry);
    return () => this.#monitors.delete(entry);
  }

  /** Resolves with the next exit signal this child receives. */
  nextSignal(): Promise<ExitReason> {
    return new Promise((resolve) => this.#signalWaiters.push(resolve));
  }

  crash(message = "boom"): void {
    this.#die({ error: new Error(message) });
  }

  finish(): void {
    this.#die("normal");
  }

  /** Exits on its own with any reason (e.g. `"shutdown"` or `"killed"` from outside the supervisor). */
  end(reason: ExitReason): void {
    this.#die(reason);
  }

  #die(reason: ExitReason): void {
    if (!this.alive) return;
    this.#exitReason = reason;
    this.log.push(`exit ${this.name} ${typeof reason === "string" ? reason : "crash"}`);
    const monitors = [...this.#monitors];
    this.#monitors.clear();
    for (const monitor of monitors) monitor(reason);
  }
}
