/**
 * What a supervisor is told to do: its restart strategy, its restart intensity and
 * the ordered list of children it starts (OTP's supervisor flags and child specs).
 * Specs are plain data plus one start function per worker; `Supervisor.start`
 * validates them and fills in the defaults documented here.
 */
import type { Schedule } from "effect";
import type { ExitReason } from "./ExitReason.js";
import type { Process } from "./Process.js";

/**
 * Which children restart when one exits and must be restarted:
 * `one_for_one` only that child; `one_for_all` every child; `rest_for_one` that
 * child and the children started after it.
 */
export type Strategy = "one_for_one" | "one_for_all" | "rest_for_one";

/**
 * When a child is restarted: `permanent` always; `transient` only after an
 * abnormal exit (not `"normal"` or `"shutdown"`); `temporary` never (its spec is
 * dropped once it exits, even as the bystander of a group restart).
 */
export type RestartType = "permanent" | "transient" | "temporary";

/**
 * How a child is stopped: milliseconds to wait after the `"shutdown"` exit signal
 * before sending `"killed"` (`Infinity` waits for ever), or `"brutal_kill"` to send
 * `"killed"` at once.
 */
export type Shutdown = number | "brutal_kill";

/** Fields every child spec has. */
interface ChildSpecBase {
  /** Names the child within its supervisor; unique among its siblings. */
  readonly id: string;
  /** Defaults to `"permanent"`. */
  readonly restart?: RestartType;
  /** Defaults to 5000 ms for workers and `Infinity` for supervisors (OTP). */
  readonly shutdown?: Shutdown;
}

/** A child started by a function (OTP's start MFA): an actor cell, or any other `Process`. */
export interface WorkerChildSpec extends ChildSpecBase {
  /** Starts the child; a throw or a rejection is a failed start. */
  readonly start: () => Process | Promise<Process>;
  /** Whether the started process is itself a supervisor (counts and default shutdown). Defaults to `"worker"`. */
  readonly type?: "worker" | "supervisor";
}

/** A nested supervisor, started from `supervisor` each time (dynamic children of the previous incarnation are not recreated). */
export interface SupervisorChildSpec extends ChildSpecBase {
  readonly supervisor: SupervisorSpec;
}

export type ChildSpec = WorkerChildSpec | SupervisorChildSpec;

/**
 * A supervisor's flags and initial children.
 *
 * @example
 * const spec: SupervisorSpec = {
 *   name: "pipeline",
 *   strategy: "rest_for_one",
 *   intensity: 3,
 *   period: 5000,
 *   children: [
 *     { id: "reader", start: () => startReader() },
 *     { id: "writer", start: () => startWriter(), restart: "transient", shutdown: 1000 },
 *   ],
 * };
 */
export interface SupervisorSpec {
  /** Used as the supervisor's process id when no `id` option is given. */
  readonly name?: string;
  /** Defaults to `"one_for_one"`. */
  readonly strategy?: Strategy;
  /** Restarts allowed within `period` before the supervisor gives up; an integer ≥ 0. Defaults to 3. */
  readonly intensity?: number;
  /** The sliding window of the intensity, in ms; > 0. Defaults to 5000. */
  readonly period?: number;
  /**
   * Delay before each restart, stepped once per restart of the same child with the
   * exit reason as input; the delay runs on the supervisor's `Clock`. The schedule
   * starts afresh for a child whose previous restart is more than `period` ms old;
   * a schedule that completes makes the supervisor give up. Defaults to no delay.
   */
  readonly backoff?: Schedule.Schedule<unknown, ExitReason>;
  /** Started in order, stopped in reverse order. Defaults to none. */
  readonly children?: readonly ChildSpec[];
}
