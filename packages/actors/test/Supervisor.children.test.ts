/**
 * Child administration, as OTP's supervisor_SUITE checks it: dynamic children
 * (`startChild`, `terminateChild`, `restartChild`, `deleteChild`), the errors
 * with OTP's meaning (already started/present, running, restarting, not found),
 * `children()`/`countChildren()`, and calls after the supervisor stopped.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Schedule } from "effect";
import {
  ChildAlreadyPresentError,
  ChildAlreadyStartedError,
  ChildNotFoundError,
  ChildRestartingError,
  ChildRunningError,
  ChildStartError,
  SupervisorShutdownError,
  SupervisorSpecError,
} from "@rayx/actors";
import { startTestSupervisor, summary } from "./support/startTestSupervisor.js";

describe("dynamic children", () => {
  test("starts a dynamic child after the static ones and stops it first", async () => {
    const { supervisor, workers } = await startTestSupervisor((w) => ({
      children: [w.spec("a"), w.spec("b")],
    }));
    const process = await supervisor.startChild(workers.spec("dyn", { restart: "transient" }));
    assert.equal(process.id, "dyn#1");
    assert.deepEqual(await supervisor.children(), [
      {
        id: "a",
        state: "running",
        processId: "a#1",
        restarts: 0,
        restart: "permanent",
        shutdown: 5000,
        type: "worker",
      },
      {
        id: "b",
        state: "running",
        processId: "b#1",
        restarts: 0,
        restart: "permanent",
        shutdown: 5000,
        type: "worker",
      },
      {
        id: "dyn",
        state: "running",
        processId: "dyn#1",
        restarts: 0,
        restart: "transient",
        shutdown: 5000,
        type: "worker",
      },
    ]);
    await supervisor.stop();
    assert.deepEqual(workers.takeLog(), [
      "start dyn",
      "exit dyn shutdown",
      "exit b shutdown",
      "exit a shutdown",
    ]);
  });

  test("restarts a dynamic child like a static one", async () => {
    const { supervisor, workers } = await startTestSupervisor((w) => ({
      strategy: "rest_for_one",
      children: [w.spec("a")],
    }));
    await supervisor.startChild(workers.spec("dyn"));
    workers.current("a").crash();
    assert.deepEqual(await summary(supervisor), { a: "1", dyn: "1" });
    await supervisor.stop();
  });

  test("does not add a child whose start fails", async () => {
    const { supervisor, workers } = await startTestSupervisor((w) => ({ children: [w.spec("a")] }));
    workers.failStarts("dyn", 1);
    await assert.rejects(supervisor.startChild(workers.spec("dyn")), ChildStartError);
    assert.deepEqual(await summary(supervisor), { a: "0" });
    await supervisor.stop();
  });

  test("rejects an invalid dynamic child spec with the field to fix", async () => {
    const { supervisor } = await startTestSupervisor(() => ({}));
    await assert.rejects(
      supervisor.startChild({
        id: "x",
        start: () => undefined as never,
        restart: "always" as never,
      }),
      (error: unknown) =>
        error instanceof SupervisorSpecError &&
        error.path === "child.restart" &&
        error.message ===
          'invalid supervisor spec: child.restart is "always"; use "permanent", "transient", "temporary" (defaults to "permanent")',
    );
    await supervisor.stop();
  });

  test("counts specs, active children, supervisors and workers", async () => {
    const { supervisor, workers } = await startTestSupervisor((w) => ({
      children: [w.spec("a"), w.spec("b"), { id: "sub", supervisor: { children: [] } }],
    }));
    await supervisor.terminateChild("b");
    assert.deepEqual(await supervisor.countChildren(), {
      specs: 3,
      active: 2,
      supervisors: 1,
      workers: 2,
    });
    workers.takeLog();
    await supervisor.stop();
  });
});

describe("terminateChild, restartChild and deleteChild", () => {
  test("terminates a child, keeps its spec, and restarts it on request", async () => {
    const { supervisor, workers } = await startTestSupervisor((w) => ({
      children: [w.spec("a"), w.spec("b")],
    }));
    await supervisor.terminateChild("a");
    assert.deepEqual(await summary(supervisor), { a: "stopped 0", b: "0" });
    assert.equal(await supervisor.child("a"), undefined);
    const process = await supervisor.restartChild("a");
    assert.equal(process.id, "a#2");
    assert.equal(await supervisor.child("a"), process);
    // A manual restart is not a supervisor restart.
    assert.deepEqual(await summary(supervisor), { a: "0", b: "0" });
    assert.deepEqual(workers.takeLog(), ["exit a shutdown", "start a"]);
    await supervisor.stop();
  });

  test("drops a temporary child's spec when it is terminated", async () => {
    const { supervisor } = await startTestSupervisor((w) => ({
      children: [w.spec("a"), w.spec("t", { restart: "temporary" })],
    }));
    await supervisor.terminateChild("t");
    assert.deepEqual(await summary(supervisor), { a: "0" });
    await supervisor.stop();
  });

  test("deletes a stopped child's spec", async () => {
    const { supervisor } = await startTestSupervisor((w) => ({
      children: [w.spec("a"), w.spec("b")],
    }));
    await supervisor.terminateChild("a");
    await supervisor.deleteChild("a");
    assert.deepEqual(await summary(supervisor), { b: "0" });
    await supervisor.stop();
  });

  test("does not restart a terminated child when it would have been restarted", async () => {
    const { supervisor, workers } = await startTestSupervisor((w) => ({ children: [w.spec("a")] }));
    const a = workers.current("a");
    await supervisor.terminateChild("a");
    a.crash(); // already gone: nothing happens
    assert.deepEqual(await summary(supervisor), { a: "stopped 0" });
    await supervisor.stop();
  });
});

describe("child administration errors", () => {
  test("refuses startChild of a running id (already started) and of a stopped one (already present)", async () => {
    const { supervisor, workers } = await startTestSupervisor((w) => ({ children: [w.spec("a")] }));
    await assert.rejects(
      supervisor.startChild(workers.spec("a")),
      (error: unknown) =>
        error instanceof ChildAlreadyStartedError &&
        error.processId === "a#1" &&
        error.message ===
          "supervisor 'sup' already runs child 'a' (process 'a#1'): use another id, or terminateChild and deleteChild it first",
    );
    await supervisor.terminateChild("a");
    await assert.rejects(supervisor.startChild(workers.spec("a")), ChildAlreadyPresentError);
    assert.equal(workers.starts("a"), 1);
    await supervisor.stop();
  });

  test("refuses restartChild and deleteChild of a running child", async () => {
    const { supervisor } = await startTestSupervisor((w) => ({ children: [w.spec("a")] }));
    await assert.rejects(supervisor.restartChild("a"), ChildRunningError);
    await assert.rejects(supervisor.deleteChild("a"), {
      name: "ChildRunningError",
      code: "RAYX_CHILD_RUNNING",
      message: "child 'a' of supervisor 'sup' is running: terminateChild it first",
    });
    await supervisor.stop();
  });

  test("refuses restartChild and deleteChild of a restarting child, and terminateChild cancels its restart", async () => {
    const { supervisor, workers, clock } = await startTestSupervisor((w) => ({
      backoff: Schedule.spaced("1 second"),
      children: [w.spec("a")],
    }));
    workers.current("a").crash();
    assert.deepEqual(await summary(supervisor), { a: "restarting 0" });
    await assert.rejects(supervisor.restartChild("a"), ChildRestartingError);
    await assert.rejects(supervisor.deleteChild("a"), ChildRestartingError);
    await supervisor.terminateChild("a");
    clock.advance(1000);
    assert.deepEqual(await summary(supervisor), { a: "stopped 0" });
    assert.equal(workers.starts("a"), 1);
    await supervisor.stop();
  });

  test("answers not found for an unknown id", async () => {
    const { supervisor } = await startTestSupervisor((w) => ({ children: [w.spec("a")] }));
    for (const call of [
      () => supervisor.terminateChild("zz"),
      () => supervisor.restartChild("zz"),
      () => supervisor.deleteChild("zz"),
      () => supervisor.child("zz"),
    ]) {
      await assert.rejects(call(), {
        name: "ChildNotFoundError",
        code: "RAYX_CHILD_NOT_FOUND",
        message: "supervisor 'sup' has no child 'zz': see children() for its ids",
      });
    }
    assert.ok(new ChildNotFoundError("s", "c") instanceof Error);
    await supervisor.stop();
  });

  test("rejects calls after it stopped with SupervisorShutdownError", async () => {
    const { supervisor, workers } = await startTestSupervisor((w) => ({ children: [w.spec("a")] }));
    await supervisor.stop();
    await assert.rejects(supervisor.startChild(workers.spec("b")), {
      name: "SupervisorShutdownError",
      message:
        "supervisor 'sup' has exited (shutdown): it no longer manages children; start a new supervisor",
    });
    await assert.rejects(supervisor.children(), SupervisorShutdownError);
    await supervisor.stop(); // stopping twice is harmless
  });
});
