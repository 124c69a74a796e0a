import assert from "node:assert/strict";
import { test } from "node:test";
import { Schedule } from "effect";
import { Supervisor, SupervisorSpecError } from "@rayx/actors";
import {
  validateChildSpec,
  validateSupervisorSpec,
} from "../../src/internal/validateSupervisorSpec.js";

const start = () => {
  throw new Error("never started in these tests");
};

function rejects(spec: unknown, path: string, message: string): void {
  assert.throws(
    () => validateSupervisorSpec(spec),
    (error: unknown) => {
      assert.ok(error instanceof SupervisorSpecError);
      assert.equal(error.code, "RAYX_SUPERVISOR_SPEC_INVALID");
      assert.equal(error.path, path);
      assert.equal(error.message, `invalid supervisor spec: ${message}`);
      return true;
    },
  );
}

test("fills in OTP's defaults", () => {
  assert.deepEqual(
    validateSupervisorSpec({
      children: [
        { id: "w", start },
        { id: "s", supervisor: {} },
      ],
    }),
    {
      strategy: "one_for_one",
      intensity: 3,
      period: 5000,
      children: [
        { id: "w", restart: "permanent", shutdown: 5000, type: "worker", start },
        {
          id: "s",
          restart: "permanent",
          shutdown: Infinity,
          type: "supervisor",
          supervisor: { strategy: "one_for_one", intensity: 3, period: 5000, children: [] },
        },
      ],
    },
  );
});

test("keeps valid explicit values", () => {
  const backoff = Schedule.exponential("10 millis");
  const spec = validateSupervisorSpec({
    name: "n",
    strategy: "rest_for_one",
    intensity: 0,
    period: 1,
    backoff,
    children: [
      { id: "w", start, restart: "temporary", shutdown: "brutal_kill", type: "supervisor" },
    ],
  });
  assert.equal(spec.backoff, backoff);
  assert.deepEqual(
    { ...spec, backoff: undefined },
    {
      name: "n",
      strategy: "rest_for_one",
      intensity: 0,
      period: 1,
      backoff: undefined,
      children: [
        { id: "w", restart: "temporary", shutdown: "brutal_kill", type: "supervisor", start },
      ],
    },
  );
});

test("rejects an unknown strategy", () => {
  rejects(
    { strategy: "one_for_some" },
    "spec.strategy",
    'spec.strategy is "one_for_some"; use "one_for_one", "one_for_all", "rest_for_one" (defaults to "one_for_one")',
  );
});

test("rejects a negative or fractional intensity", () => {
  for (const intensity of [-1, 1.5]) {
    rejects(
      { intensity },
      "spec.intensity",
      `spec.intensity is ${intensity}; use an integer ≥ 0, the restarts allowed within period (defaults to 3)`,
    );
  }
});

test("rejects a period that is not > 0", () => {
  for (const period of [0, -5, Number.NaN, Infinity]) {
    rejects(
      { period },
      "spec.period",
      `spec.period is ${period}; use a finite number of milliseconds > 0 (defaults to 5000)`,
    );
  }
});

test("rejects a backoff that is not an Effect Schedule", () => {
  rejects(
    { backoff: 100 },
    "spec.backoff",
    'spec.backoff is 100; use an Effect Schedule, e.g. Schedule.exponential("100 millis") (defaults to none)',
  );
});

test("rejects a duplicate child id, naming the second one", () => {
  rejects(
    {
      children: [
        { id: "a", start },
        { id: "b", start },
        { id: "a", start },
      ],
    },
    "spec.children[2].id",
    'spec.children[2].id repeats the id "a"; give every child of a supervisor its own id',
  );
});

test("rejects a bad restart type", () => {
  rejects(
    { children: [{ id: "a", start, restart: "sometimes" }] },
    "spec.children[0].restart",
    'spec.children[0].restart is "sometimes"; use "permanent", "transient", "temporary" (defaults to "permanent")',
  );
});

test("rejects a negative shutdown and an unknown shutdown word", () => {
  for (const [shutdown, shown] of [
    [-1, "-1"],
    ["infinity", '"infinity"'],
  ] as const) {
    rejects(
      { children: [{ id: "a", start, shutdown }] },
      "spec.children[0].shutdown",
      `spec.children[0].shutdown is ${shown}; use milliseconds ≥ 0 (Infinity waits for ever) or "brutal_kill" (defaults to 5000 for workers, Infinity for supervisors)`,
    );
  }
});

test("rejects a child without start or supervisor, and one with both", () => {
  rejects(
    { children: [{ id: "a" }] },
    "spec.children[0].start",
    "spec.children[0].start is missing; give the child a start function returning its Process, or a supervisor spec",
  );
  rejects(
    { children: [{ id: "a", start, supervisor: {} }] },
    "spec.children[0]",
    "spec.children[0] has both start and supervisor; give a child exactly one of them",
  );
});

test("rejects a start that is not a function and an empty id", () => {
  rejects(
    { children: [{ id: "a", start: "run" }] },
    "spec.children[0].start",
    'spec.children[0].start is "run"; use a function that returns the child\'s Process (or a promise of it)',
  );
  rejects(
    { children: [{ id: "", start }] },
    "spec.children[0].id",
    'spec.children[0].id is ""; give the child a non-empty string id',
  );
});

test("rejects a spec or children that are not objects or arrays", () => {
  rejects(
    null,
    "spec",
    "spec is null; pass a supervisor spec { strategy, intensity?, period?, children }",
  );
  rejects(
    { children: { a: 1 } },
    "spec.children",
    'spec.children is {"a":1}; use an array of child specs (defaults to [])',
  );
});

test("names the path of a bad field inside a nested supervisor", () => {
  rejects(
    { children: [{ id: "sub", supervisor: { children: [{ id: "x", start, restart: 1 }] } }] },
    "spec.children[0].supervisor.children[0].restart",
    'spec.children[0].supervisor.children[0].restart is 1; use "permanent", "transient", "temporary" (defaults to "permanent")',
  );
});

test("validates a single child spec under the path 'child'", () => {
  assert.throws(() => validateChildSpec({ id: 7, start }), {
    path: "child.id",
    message: "invalid supervisor spec: child.id is 7; give the child a non-empty string id",
  });
});

test("makes Supervisor.start reject before starting any child", async () => {
  let started = 0;
  await assert.rejects(
    Supervisor.start({
      children: [
        {
          id: "a",
          start: () => {
            started++;
            throw new Error("unreachable");
          },
        },
        { id: "a", start },
      ],
    }),
    SupervisorSpecError,
  );
  assert.equal(started, 0);
});
