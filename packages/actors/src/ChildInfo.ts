/**
 * How a supervisor reports its children: OTP's `which_children` (one `ChildInfo`
 * per child, in start order, with its state and restart count) and `count_children`.
 */
import type { RestartType, Shutdown } from "./SupervisorSpec.js";

/**
 * `running`: its process is alive. `restarting`: the supervisor will start it again
 * (after a backoff delay, or retrying a failed restart). `stopped`: its spec is kept
 * but no process runs (it exited and is not restarted, or was terminated).
 */
export type ChildState = "running" | "restarting" | "stopped";

/** One child as `Supervisor.children()` reports it. */
export interface ChildInfo {
  readonly id: string;
  readonly state: ChildState;
  /** The id of its process while `running`. */
  readonly processId?: string;
  /** How many times the supervisor started it again after an exit (its own or a sibling's). */
  readonly restarts: number;
  readonly restart: RestartType;
  readonly shutdown: Shutdown;
  readonly type: "worker" | "supervisor";
}

/** Specs held, children running, and how many specs are supervisors or workers. */
export interface ChildCounts {
  readonly specs: number;
  readonly active: number;
  readonly supervisors: number;
  readonly workers: number;
}
