/**
 * Checks supervisor and child specs before anything starts, and fills in their
 * defaults. Every error names the offending field by its path in the spec and
 * says how to fix it; a nested supervisor's spec is checked with its parent's.
 */
import * as Schedule from "effect/Schedule"; // not the barrel: see RestartBackoff.ts
import type { ExitReason } from "../ExitReason.js";
import type { Process } from "../Process.js";
import type { RestartType, Shutdown, Strategy } from "../SupervisorSpec.js";
import { SupervisorSpecError } from "../errors.js";

/** A validated child spec with its defaults filled in. */
export interface ChildDefinition {
  readonly id: string;
  readonly restart: RestartType;
  readonly shutdown: Shutdown;
  readonly type: "worker" | "supervisor";
  /** Exactly one of `start` and `supervisor` is set. */
  readonly start?: () => Process | Promise<Process>;
  readonly supervisor?: SupervisorDefinition;
}

/** A validated supervisor spec with its defaults filled in. */
export interface SupervisorDefinition {
  readonly name?: string;
  readonly strategy: Strategy;
  readonly intensity: number;
  readonly period: number;
  readonly backoff?: Schedule.Schedule<unknown, ExitReason>;
  readonly children: readonly ChildDefinition[];
}

const strategies: readonly Strategy[] = ["one_for_one", "one_for_all", "rest_for_one"];
const restartTypes: readonly RestartType[] = ["permanent", "transient", "temporary"];
const workerShutdown = 5000;

/** Validates a whole supervisor spec (nested supervisors included); `path` prefixes error paths. */
export function validateSupervisorSpec(spec: unknown, path = "spec"): SupervisorDefinition {
  const fields = record(
    spec,
    path,
    "a supervisor spec { strategy, intensity?, period?, children }",
  );
  const strategy = fields["strategy"] ?? "one_for_one";
  if (!strategies.includes(strategy as Strategy)) {
    fail(`${path}.strategy`, strategy, `use ${list(strategies)} (defaults to "one_for_one")`);
  }
  const intensity = fields["intensity"] ?? 3;
  if (typeof intensity !== "number" || !Number.isInteger(intensity) || intensity < 0) {
    fail(
      `${path}.intensity`,
      intensity,
      "use an integer ≥ 0, the restarts allowed within period (defaults to 3)",
    );
  }
  const period = fields["period"] ?? 5000;
  if (typeof period !== "number" || !(period > 0) || !Number.isFinite(period)) {
    fail(`${path}.period`, period, "use a finite number of milliseconds > 0 (defaults to 5000)");
  }
  const backoff = fields["backoff"];
  if (backoff !== undefined && !Schedule.isSchedule(backoff)) {
    fail(
      `${path}.backoff`,
      backoff,
      'use an Effect Schedule, e.g. Schedule.exponential("100 millis") (defaults to none)',
    );
  }
  const name = fields["name"];
  if (name !== undefined && (typeof name !== "string" || name === "")) {
    fail(`${path}.name`, name, "use a non-empty string, or leave it out");
  }
  const children = fields["children"] ?? [];
  if (!Array.isArray(children))
    fail(`${path}.children`, children, "use an array of child specs (defaults to [])");
  const definitions: ChildDefinition[] = [];
  for (const [index, child] of (children as unknown[]).entries()) {
    const definition = validateChildSpec(child, `${path}.children[${index}]`);
    if (definitions.some((other) => other.id === definition.id)) {
      throw new SupervisorSpecError(
        `${path}.children[${index}].id`,
        `repeats the id ${JSON.stringify(definition.id)}`,
        "give every child of a supervisor its own id",
      );
    }
    definitions.push(definition);
  }
  return {
    ...(name === undefined ? {} : { name: name }),
    strategy: strategy as Strategy,
    intensity: intensity,
    period: period,
    ...(backoff === undefined
      ? {}
      : { backoff: backoff as Schedule.Schedule<unknown, ExitReason> }),
    children: definitions,
  };
}

/** Validates one child spec (`startChild` uses it directly). */
export function validateChildSpec(spec: unknown, path = "child"): ChildDefinition {
  const fields = record(spec, path, "a child spec { id, start } or { id, supervisor }");
  const id = fields["id"];
  if (typeof id !== "string" || id === "")
    fail(`${path}.id`, id, "give the child a non-empty string id");
  const restart = fields["restart"] ?? "permanent";
  if (!restartTypes.includes(restart as RestartType)) {
    fail(`${path}.restart`, restart, `use ${list(restartTypes)} (defaults to "permanent")`);
  }
  const start = fields["start"];
  const nested = fields["supervisor"];
  if (start !== undefined && nested !== undefined) {
    throw new SupervisorSpecError(
      path,
      "has both start and supervisor",
      "give a child exactly one of them",
    );
  }
  if (start === undefined && nested === undefined) {
    throw new SupervisorSpecError(
      `${path}.start`,
      "is missing",
      "give the child a start function returning its Process, or a supervisor spec",
    );
  }
  if (start !== undefined && typeof start !== "function") {
    fail(
      `${path}.start`,
      start,
      "use a function that returns the child's Process (or a promise of it)",
    );
  }
  const type = nested !== undefined ? "supervisor" : (fields["type"] ?? "worker");
  if (type !== "worker" && type !== "supervisor") {
    fail(`${path}.type`, type, 'use "worker" or "supervisor" (defaults to "worker")');
  }
  const shutdown = fields["shutdown"] ?? (type === "worker" ? workerShutdown : Infinity);
  if (shutdown !== "brutal_kill" && (typeof shutdown !== "number" || !(shutdown >= 0))) {
    fail(
      `${path}.shutdown`,
      shutdown,
      'use milliseconds ≥ 0 (Infinity waits for ever) or "brutal_kill" (defaults to 5000 for workers, Infinity for supervisors)',
    );
  }
  return {
    id: id,
    restart: restart as RestartType,
    shutdown: shutdown,
    type,
    ...(start === undefined
      ? { supervisor: validateSupervisorSpec(nested, `${path}.supervisor`) }
      : { start: start as () => Process | Promise<Process> }),
  };
}

function record(value: unknown, path: string, expected: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    fail(path, value, `pass ${expected}`);
  return value as Record<string, unknown>;
}

function fail(path: string, value: unknown, fix: string): never {
  throw new SupervisorSpecError(path, `is ${show(value)}`, fix);
}

function show(value: unknown): string {
  if (typeof value === "function") return "a function";
  if (typeof value !== "object" || value === null) {
    return typeof value === "string" ? JSON.stringify(value) : String(value);
  }
  try {
    return JSON.stringify(value);
  } catch {
    return "an object that cannot be shown";
  }
}

function list(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(", ");
}
