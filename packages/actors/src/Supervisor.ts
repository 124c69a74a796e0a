/**
 * An OTP supervisor: it starts its children in order, watches them, and when one
 * exits decides from its strategy and the child's restart type what to restart; if
 * restarts come faster than its intensity allows it stops everything and crashes,
 * so its own supervisor deals with it (escalation). A supervisor is itself a
 * `Process`, so trees nest. Decisions are pure (`restartPlan`, `RestartIntensity`);
 * this file runs them: one operation at a time, like OTP's gen_server loop.
 */
import { systemClock, type Clock, type Timer } from "./Clock.js";
import type { ExitReason } from "./ExitReason.js";
import type { Process } from "./Process.js";
import type { SupervisorEvent } from "./SupervisorEvent.js";
import type { ChildCounts, ChildInfo } from "./ChildInfo.js";
import type { ChildSpec, SupervisorSpec } from "./SupervisorSpec.js";
import {
  ChildAlreadyPresentError,
  ChildAlreadyStartedError,
  ChildRestartingError,
  ChildRunningError,
  ChildStartError,
  SupervisorShutdownError,
  describeExitReason,
} from "./errors.js";
import { ChildList, type Child } from "./internal/ChildList.js";
import { OperationQueue, type Job } from "./internal/OperationQueue.js";
import { RestartBackoff } from "./internal/RestartBackoff.js";
import { RestartIntensity } from "./internal/RestartIntensity.js";
import { restartPlan } from "./internal/restartPlan.js";
import { shutdownProcess } from "./internal/shutdownProcess.js";
import {
  validateChildSpec,
  validateSupervisorSpec,
  type ChildDefinition,
  type SupervisorDefinition,
} from "./internal/validateSupervisorSpec.js";

/**
 * How a supervisor runs (as opposed to what it supervises, its `SupervisorSpec`).
 *
 * @example
 * const clock = new SimulatedClock(); // from "@rayx/actors/testing"
 * const supervisor = await Supervisor.start(spec, { id: "root", clock, onEvent: (e) => events.push(e) });
 */
export interface SupervisorOptions {
  /** The supervisor's process id. Defaults to the spec's `name`, else `supervisor-<n>`; nested supervisors get `<parent id>/<child id>`. */
  readonly id?: string;
  /** Reads time for the restart window, shutdown timeouts and backoff. Defaults to `systemClock`. */
  readonly clock?: Clock;
  /** Observes every event of this supervisor and of the supervisors nested in it; must not throw. Defaults to none. */
  readonly onEvent?: (event: SupervisorEvent) => void;
}

let unnamed = 0;

/**
 * A running supervisor. Where OTP's behaviour is subtle, it is kept: a group
 * restart (one_for_all, rest_for_one) also starts siblings that were stopped; a
 * restart exactly `period` ms old still counts; a restart that fails leaves the
 * child `restarting` and is retried behind queued requests, each retry counting
 * toward the intensity. One difference: giving up exits with an error
 * (`SupervisorShutdownError`), not `shutdown`, so every parent treats it as a crash.
 *
 * @example
 * const supervisor = await Supervisor.start({
 *   strategy: "one_for_one",
 *   children: [{ id: "counter", start: () => startCounter() }],
 * });
 * await supervisor.startChild({ id: "cache", start: () => startCache(), restart: "transient" });
 * console.log(await supervisor.children()); // [{ id: "counter", state: "running", … }, { id: "cache", … }]
 * await supervisor.stop(); // stops "cache", then "counter"
 */
export class Supervisor implements Process {
  readonly id: string;
  readonly #definition: SupervisorDefinition;
  readonly #clock: Clock;
  readonly #onEvent: ((event: SupervisorEvent) => void) | undefined;
  readonly #intensity: RestartIntensity;
  readonly #backoff: RestartBackoff | undefined;
  readonly #children: ChildList;
  readonly #queue = new OperationQueue();
  /** Set when an exit signal arrived; from then on nothing new is queued. */
  #stopping: ExitReason | undefined;
  /** Set once the supervisor has exited. */
  #exitReason: ExitReason | undefined;
  readonly #monitors = new Set<(reason: ExitReason) => void>();
  /** Children being stopped right now (no longer in `#children`' processes): a kill must reach them too. */
  readonly #beingStopped = new Set<Process>();
  /** Group starts waiting for their backoff delay, by timer. */
  readonly #pending = new Map<Timer, readonly string[]>();

  private constructor(definition: SupervisorDefinition, options: SupervisorOptions) {
    this.id = options.id ?? definition.name ?? `supervisor-${++unnamed}`;
    this.#definition = definition;
    this.#children = new ChildList(this.id);
    this.#clock = options.clock ?? systemClock;
    this.#onEvent = options.onEvent;
    this.#intensity = new RestartIntensity(definition.intensity, definition.period);
    this.#backoff =
      definition.backoff === undefined
        ? undefined
        : new RestartBackoff(definition.backoff, definition.period);
  }

  /**
   * Validates `spec` (a `SupervisorSpecError` names the bad field) and starts its
   * children in order. If a child fails to start, the children already started are
   * stopped in reverse order and this rejects with `ChildStartError`.
   */
  static async start(spec: SupervisorSpec, options: SupervisorOptions = {}): Promise<Supervisor> {
    return Supervisor.#launch(validateSupervisorSpec(spec), options);
  }

  static async #launch(
    definition: SupervisorDefinition,
    options: SupervisorOptions,
  ): Promise<Supervisor> {
    const supervisor = new Supervisor(definition, options);
    await supervisor.#call(() => supervisor.#startInitialChildren());
    return supervisor;
  }

  /**
   * Starts a child and adds it to the spec list (after the others). Rejects with
   * `ChildAlreadyStartedError`/`ChildAlreadyPresentError` when the id is taken, and
   * with `ChildStartError` (nothing added) when its start fails.
   */
  startChild(spec: ChildSpec): Promise<Process> {
    return this.#call(async () => {
      const definition = validateChildSpec(spec);
      const existing = this.#children.find(definition.id);
      if (existing?.process !== undefined) {
        throw new ChildAlreadyStartedError(this.id, definition.id, existing.process.id);
      }
      if (existing !== undefined) throw new ChildAlreadyPresentError(this.id, definition.id);
      const child = this.#children.add(definition);
      try {
        return await this.#startChild(child, false);
      } catch (error) {
        this.#drop([definition.id]);
        throw error;
      }
    });
  }

  /**
   * Stops a child (with its `shutdown`) without restarting it; its spec is kept so
   * `restartChild` can start it again, except a temporary child's, which is dropped.
   * A pending restart of the child is cancelled.
   */
  terminateChild(id: string): Promise<void> {
    return this.#call(async () => {
      const child = this.#children.get(id);
      await this.#stopChild(child);
      if (child.definition.restart === "temporary") this.#drop([id]);
    });
  }

  /** Starts a stopped child again. Rejects with `ChildRunningError` or `ChildRestartingError` when it is not stopped. */
  restartChild(id: string): Promise<Process> {
    return this.#call(() => {
      const child = this.#children.get(id);
      this.#assertStopped(child);
      return this.#startChild(child, false);
    });
  }

  /** Removes a stopped child's spec. Rejects with `ChildRunningError` or `ChildRestartingError` when it is not stopped. */
  deleteChild(id: string): Promise<void> {
    return this.#call(() => {
      this.#assertStopped(this.#children.get(id));
      this.#drop([id]);
    });
  }

  /** The running process of child `id`, or `undefined` while it is not running. Rejects with `ChildNotFoundError` for an unknown id. */
  child(id: string): Promise<Process | undefined> {
    return this.#call(() => this.#children.get(id).process);
  }

  /** The children in start order, as of after the operations queued before this call. */
  children(): Promise<ChildInfo[]> {
    return this.#call(() => this.#children.describe());
  }

  /** OTP's `count_children`: `{ specs, active, supervisors, workers }`. */
  countChildren(): Promise<ChildCounts> {
    return this.#call(() => this.#children.count());
  }

  /** Stops the children in reverse start order, then the supervisor exits with `"shutdown"`. */
  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.monitor(() => resolve()));
    this.exit("shutdown");
    await exited;
  }

  /**
   * `"killed"` kills every child at once and exits; any other reason lets the
   * running operation finish, stops the children in reverse start order and exits
   * with that reason. Operations queued behind the signal reject with `SupervisorShutdownError`.
   */
  exit(reason: ExitReason): void {
    if (this.#exitReason !== undefined) return;
    if (reason === "killed") {
      this.#kill();
      return;
    }
    if (this.#stopping !== undefined) return;
    this.#stopping = reason;
    this.#queue.cancelAll(this.#shutdownError());
    this.#queue.push(this.#internal(() => this.#shutdown(reason)));
  }

  monitor(listener: (reason: ExitReason) => void): () => void {
    const exitReason = this.#exitReason;
    if (exitReason !== undefined) {
      let removed = false;
      queueMicrotask(() => {
        if (!removed) listener(exitReason);
      });
      return () => {
        removed = true;
      };
    }
    const entry = (reason: ExitReason): void => listener(reason);
    this.#monitors.add(entry);
    return () => this.#monitors.delete(entry);
  }

  async #startInitialChildren(): Promise<void> {
    for (const definition of this.#definition.children) {
      const child = this.#children.add(definition);
      try {
        await this.#startChild(child, false);
      } catch (error) {
        await this.#shutdown({ error });
        throw error;
      }
    }
  }

  async #startChild(child: Child, restart: boolean): Promise<Process> {
    const { definition } = child;
    if (this.#exitReason !== undefined) throw this.#shutdownError();
    let process: Process;
    try {
      process = await this.#launchChild(definition);
    } catch (error) {
      this.#emit({ type: "child_start_failed", childId: definition.id, error });
      throw new ChildStartError(this.id, definition.id, error);
    }
    if (this.#exitReason !== undefined) {
      // Killed while the start was in flight: the new process must not outlive its supervisor.
      process.exit("killed");
      throw this.#shutdownError();
    }
    child.process = process;
    child.state = "running";
    if (restart) child.restarts += 1;
    child.stopMonitoring = process.monitor((reason) => this.#onChildExit(child, process, reason));
    this.#emit({ type: "child_started", childId: definition.id, processId: process.id, restart });
    return process;
  }

  async #launchChild(definition: ChildDefinition): Promise<Process> {
    if (definition.supervisor !== undefined) {
      return Supervisor.#launch(definition.supervisor, {
        id: `${this.id}/${definition.id}`,
        clock: this.#clock,
        ...(this.#onEvent === undefined ? {} : { onEvent: this.#onEvent }),
      });
    }
    const process: unknown = await definition.start?.();
    if (!isProcess(process)) {
      throw new TypeError(
        `start returned ${process === null ? "null" : typeof process} instead of a Process ` +
          "(an object with id, exit and monitor); return the started actor's Process",
      );
    }
    return process;
  }

  #onChildExit(child: Child, process: Process, reason: ExitReason): void {
    // An exit the supervisor caused (it cleared `child.process` first) or of an older incarnation is not news.
    if (child.process !== process) return;
    this.#enqueue(this.#internal(() => this.#handleExit(child, process, reason)));
  }

  async #handleExit(child: Child, process: Process, reason: ExitReason): Promise<void> {
    if (child.process !== process) return;
    child.process = undefined;
    child.state = "stopped";
    child.stopMonitoring = undefined;
    this.#emit({
      type: "child_exited",
      childId: child.definition.id,
      processId: process.id,
      reason,
    });
    await this.#react(child, reason);
  }

  /** Carries out the restart plan for `child` having exited (or failed to restart) with `reason`. */
  async #react(child: Child, reason: ExitReason): Promise<void> {
    const childId = child.definition.id;
    const plan = restartPlan(this.#definition.strategy, this.#children.forPlan(), childId, reason);
    if (!plan.restart) {
      this.#drop(plan.drop);
      return;
    }
    const now = this.#clock.now();
    if (!this.#intensity.add(now)) {
      await this.#giveUp(
        childId,
        reason,
        `${this.#intensity.count} restart${this.#intensity.count === 1 ? "" : "s"} within ${this.#definition.period} ms`,
      );
      return;
    }
    for (const id of plan.stop) await this.#stopChild(this.#children.get(id));
    this.#drop(plan.drop);
    const ids = this.#takeOverPending(plan.start);
    for (const id of ids) this.#children.get(id).state = "restarting";
    const delayMs = this.#backoff === undefined ? 0 : this.#backoff.next(childId, reason, now);
    if (delayMs === undefined) {
      await this.#giveUp(childId, reason, "its backoff schedule completed");
      return;
    }
    this.#emit({ type: "restart_scheduled", childId, childIds: ids, delayMs });
    if (delayMs === 0) {
      await this.#startGroup(ids);
      return;
    }
    const timer = this.#clock.setTimeout(() => {
      this.#pending.delete(timer);
      this.#enqueue(this.#internal(() => this.#startGroup(ids)));
    }, delayMs);
    this.#pending.set(timer, ids);
  }

  /** Starts, in order, the children of `ids` still waiting to restart; a failed start is retried through the queue. */
  async #startGroup(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const child = this.#children.find(id);
      if (child?.state !== "restarting") continue;
      try {
        await this.#startChild(child, true);
      } catch (error) {
        // OTP's try_again_restart: the child stays `restarting` and the retry goes behind
        // requests already queued (e.g. a shutdown); it is planned like a crash, so it counts.
        this.#enqueue(
          this.#internal(() =>
            child.state === "restarting" ? this.#react(child, { error }) : Promise.resolve(),
          ),
        );
        return;
      }
    }
  }

  /** Cancels pending group starts that overlap `ids` and returns the union, in start order. */
  #takeOverPending(ids: readonly string[]): string[] {
    const merged = new Set(ids);
    for (const [timer, pendingIds] of this.#pending) {
      if (!pendingIds.some((id) => merged.has(id))) continue;
      timer.cancel();
      this.#pending.delete(timer);
      for (const id of pendingIds) merged.add(id);
    }
    return this.#children.inStartOrder(merged);
  }

  async #giveUp(childId: string, reason: ExitReason, why: string): Promise<void> {
    const { intensity, period } = this.#definition;
    this.#emit({ type: "gave_up", childId, restarts: this.#intensity.count, intensity, period });
    const error = new SupervisorShutdownError(
      this.id,
      `gave up: ${why} (intensity ${intensity} per ${period} ms); last, child '${childId}' ` +
        `${describeExitReason(reason)}. Its children are stopped; fix what makes '${childId}' exit, ` +
        "or raise the supervisor's intensity or period",
      typeof reason === "object" ? { cause: reason.error } : undefined,
    );
    await this.#shutdown({ error });
  }

  /** Stops a child if it runs (or cancels its restart) and leaves it `stopped`. */
  async #stopChild(child: Child): Promise<void> {
    const process = child.process;
    child.process = undefined;
    child.state = "stopped";
    if (process === undefined) return;
    child.stopMonitoring?.();
    child.stopMonitoring = undefined;
    this.#beingStopped.add(process);
    const reason = await shutdownProcess(process, child.definition.shutdown, this.#clock);
    this.#beingStopped.delete(process);
    this.#emit({
      type: "child_stopped",
      childId: child.definition.id,
      processId: process.id,
      reason,
    });
  }

  async #shutdown(reason: ExitReason): Promise<void> {
    this.#stopping ??= reason;
    this.#queue.cancelAll(this.#shutdownError());
    this.#cancelPending();
    for (const child of this.#children.reversed()) await this.#stopChild(child);
    this.#exit(reason);
  }

  #kill(): void {
    this.#stopping ??= "killed";
    this.#queue.cancelAll(this.#shutdownError());
    this.#cancelPending();
    for (const child of this.#children.reversed()) {
      const process = child.process;
      child.process = undefined;
      child.state = "stopped";
      child.stopMonitoring?.();
      process?.exit("killed");
    }
    for (const process of this.#beingStopped) process.exit("killed");
    this.#exit("killed");
  }

  #exit(reason: ExitReason): void {
    if (this.#exitReason !== undefined) return;
    this.#exitReason = reason;
    this.#emit({ type: "supervisor_exited", reason });
    const monitors = [...this.#monitors];
    this.#monitors.clear();
    for (const monitor of monitors) monitor(reason);
  }

  #assertStopped(child: Child): void {
    if (child.state === "running") throw new ChildRunningError(this.id, child.definition.id);
    if (child.state === "restarting") throw new ChildRestartingError(this.id, child.definition.id);
  }

  #drop(ids: readonly string[]): void {
    this.#children.drop(ids);
    for (const id of ids) this.#backoff?.forget(id);
  }

  #cancelPending(): void {
    for (const timer of this.#pending.keys()) timer.cancel();
    this.#pending.clear();
  }

  #shutdownError(): SupervisorShutdownError {
    const reason = this.#exitReason ?? this.#stopping;
    return new SupervisorShutdownError(
      this.id,
      `${this.#exitReason === undefined ? "is shutting down" : "has exited"}` +
        `${reason === undefined ? "" : ` (${describeExitReason(reason)})`}: it no longer manages children; ` +
        "start a new supervisor",
    );
  }

  #emit(event: DistributiveOmit<SupervisorEvent, "supervisorId" | "at">): void {
    this.#onEvent?.({ ...event, supervisorId: this.id, at: this.#clock.now() });
  }

  /** Queues a public operation; its promise settles with the operation's outcome. */
  #call<T>(operation: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#enqueue({
        // The executor turns a synchronous throw of `operation` into a rejection.
        run: () => new Promise<T>((settle) => settle(operation())).then(resolve, reject),
        cancel: reject,
      });
    });
  }

  /** Wraps the supervisor's own work: a bug in it crashes the supervisor rather than leaving it half-done. */
  #internal(task: () => Promise<void>): Job {
    return {
      run: () => task().catch((error: unknown) => this.#shutdown({ error })),
      cancel: () => {},
    };
  }

  #enqueue(job: Job): void {
    if (this.#stopping !== undefined || this.#exitReason !== undefined) {
      job.cancel(this.#shutdownError());
      return;
    }
    this.#queue.push(job);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function isProcess(value: unknown): value is Process {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<Record<keyof Process, unknown>>;
  return (
    typeof candidate.id === "string" &&
    typeof candidate.exit === "function" &&
    typeof candidate.monitor === "function"
  );
}
