/**
 * The supervisor's decision, as a pure function: given its strategy, its children
 * in start order and the child that exited with its reason, which children to stop
 * (in order), which to start (in order) and which specs to drop. `Supervisor`
 * executes the plan; this file never touches a process.
 */
import { isNormalExit, type ExitReason } from "../ExitReason.js";
import type { RestartType, Strategy } from "../SupervisorSpec.js";

/** What the plan needs to know about each child. */
export interface PlanChild {
  readonly id: string;
  readonly restart: RestartType;
  /** Whether a process of this child is alive (and so must be stopped before a group restart). */
  readonly running: boolean;
}

export interface RestartPlan {
  /** False when the exit needs no restart (and so does not count toward the restart intensity). */
  readonly restart: boolean;
  /** Running children to stop, in reverse start order; never includes the exited child. */
  readonly stop: readonly string[];
  /** Children to start, in start order. */
  readonly start: readonly string[];
  /** Temporary children whose specs are removed (the exited one, or bystanders of a group restart). */
  readonly drop: readonly string[];
}

/** OTP's restart rule for one child: `permanent` always, `transient` after an abnormal exit, `temporary` never. */
export function shouldRestart(restart: RestartType, reason: ExitReason): boolean {
  switch (restart) {
    case "permanent":
      return true;
    case "transient":
      return !isNormalExit(reason);
    case "temporary":
      return false;
  }
}

/**
 * Plans the reaction to `exitedId` exiting with `reason` (a failed restart is
 * planned the same way, with the start error as the reason). A group restart
 * (one_for_all, rest_for_one) starts every non-temporary child of the group,
 * including ones that were already stopped, as OTP does.
 */
export function restartPlan(
  strategy: Strategy,
  children: readonly PlanChild[],
  exitedId: string,
  reason: ExitReason,
): RestartPlan {
  const index = children.findIndex((child) => child.id === exitedId);
  const exited = children[index];
  if (exited === undefined)
    throw new Error(`restartPlan: no child '${exitedId}' among the children`);
  if (!shouldRestart(exited.restart, reason)) {
    return {
      restart: false,
      stop: [],
      start: [],
      drop: exited.restart === "temporary" ? [exitedId] : [],
    };
  }
  const group =
    strategy === "one_for_one"
      ? [exited]
      : strategy === "one_for_all"
        ? children
        : children.slice(index);
  const bystanders = group.filter((child) => child !== exited);
  return {
    restart: true,
    stop: bystanders
      .filter((child) => child.running)
      .map((child) => child.id)
      .reverse(),
    start: group
      .filter((child) => child === exited || child.restart !== "temporary")
      .map((child) => child.id),
    drop: bystanders.filter((child) => child.restart === "temporary").map((child) => child.id),
  };
}
