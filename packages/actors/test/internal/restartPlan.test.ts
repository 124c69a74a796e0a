import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ExitReason } from "@rayx/actors";
import { restartPlan, shouldRestart, type PlanChild } from "../../src/internal/restartPlan.js";

const crash: ExitReason = { error: new Error("boom") };

/** Children a..e in start order, all running except the one that exited (c). */
function children(overrides: Partial<Record<string, Partial<PlanChild>>> = {}): PlanChild[] {
  return ["a", "b", "c", "d", "e"].map((id) => ({
    id,
    restart: "permanent",
    running: id !== "c",
    ...overrides[id],
  }));
}

describe("shouldRestart", () => {
  test("follows OTP's rule for each restart type and exit reason", () => {
    const reasons: ExitReason[] = ["normal", "shutdown", "killed", crash];
    assert.deepEqual(
      (["permanent", "transient", "temporary"] as const).map((type) =>
        reasons.map((reason) => shouldRestart(type, reason)),
      ),
      [
        [true, true, true, true],
        [false, false, true, true],
        [false, false, false, false],
      ],
    );
  });
});

describe("restartPlan", () => {
  test("restarts only the exited child under one_for_one", () => {
    assert.deepEqual(restartPlan("one_for_one", children(), "c", crash), {
      restart: true,
      stop: [],
      start: ["c"],
      drop: [],
    });
  });

  test("stops every other child in reverse order and starts all in order under one_for_all", () => {
    assert.deepEqual(restartPlan("one_for_all", children(), "c", crash), {
      restart: true,
      stop: ["e", "d", "b", "a"],
      start: ["a", "b", "c", "d", "e"],
      drop: [],
    });
  });

  test("stops the children after the exited one in reverse order and starts them in order under rest_for_one", () => {
    assert.deepEqual(restartPlan("rest_for_one", children(), "c", crash), {
      restart: true,
      stop: ["e", "d"],
      start: ["c", "d", "e"],
      drop: [],
    });
  });

  test("stops temporary bystanders of a group restart and drops their specs instead of restarting them", () => {
    const plan = restartPlan(
      "one_for_all",
      children({ b: { restart: "temporary" }, e: { restart: "temporary" } }),
      "c",
      crash,
    );
    assert.deepEqual(plan, {
      restart: true,
      stop: ["e", "d", "b", "a"],
      start: ["a", "c", "d"],
      drop: ["b", "e"],
    });
  });

  test("starts stopped non-temporary children of the group too, without stopping them", () => {
    const plan = restartPlan("rest_for_one", children({ d: { running: false } }), "c", crash);
    assert.deepEqual(plan, { restart: true, stop: ["e"], start: ["c", "d", "e"], drop: [] });
  });

  test("plans nothing when a transient child exits normally, under every strategy", () => {
    for (const strategy of ["one_for_one", "one_for_all", "rest_for_one"] as const) {
      for (const reason of ["normal", "shutdown"] as const) {
        assert.deepEqual(
          restartPlan(strategy, children({ c: { restart: "transient" } }), "c", reason),
          { restart: false, stop: [], start: [], drop: [] },
        );
      }
    }
  });

  test("restarts a transient child after a crash or a kill", () => {
    for (const reason of [crash, "killed"] as const) {
      assert.deepEqual(
        restartPlan("one_for_one", children({ c: { restart: "transient" } }), "c", reason),
        {
          restart: true,
          stop: [],
          start: ["c"],
          drop: [],
        },
      );
    }
  });

  test("drops an exited temporary child and leaves its siblings alone, whatever the reason", () => {
    for (const reason of ["normal", crash] as const) {
      assert.deepEqual(
        restartPlan("one_for_all", children({ c: { restart: "temporary" } }), "c", reason),
        {
          restart: false,
          stop: [],
          start: [],
          drop: ["c"],
        },
      );
    }
  });

  test("restarts the last child alone under rest_for_one", () => {
    assert.deepEqual(
      restartPlan(
        "rest_for_one",
        children({ c: { running: true }, e: { running: false } }),
        "e",
        crash,
      ),
      {
        restart: true,
        stop: [],
        start: ["e"],
        drop: [],
      },
    );
  });

  test("rejects an exited id that is not among the children", () => {
    assert.throws(() => restartPlan("one_for_one", children(), "z", crash), /no child 'z'/);
  });
});
