/**
 * The cases of OTP's supervisor_SUITE, re-expressed: restart types × exit reasons,
 * strategies, restart intensity on a simulated clock, failing restarts, start and
 * shutdown order, shutdown timeouts. `TestWorkers` logs every start and exit, so
 * each test asserts the exact order of what happened.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  ChildStartError,
  Supervisor,
  SupervisorShutdownError,
  type ExitReason,
  type Strategy,
} from "@rayx/actors";
import { startTestSupervisor, summary } from "./support/startTestSupervisor.js";
import { TestWorkers } from "./support/TestWorkers.js";

const reasons: Record<string, (workers: TestWorkers) => void> = {
  normal: (workers) => workers.current("a").finish(),
  shutdown: (workers) => workers.current("a").end("shutdown"),
  killed: (workers) => workers.current("a").end("killed"),
  crash: (workers) => workers.current("a").crash(),
};

describe("restart types", () => {
  for (const [type, restartedAfter] of [
    ["permanent", ["normal", "shutdown", "killed", "crash"]],
    ["transient", ["killed", "crash"]],
    ["temporary", []],
  ] as const) {
    for (const [reason, exit] of Object.entries(reasons)) {
      const restarted = (restartedAfter as readonly string[]).includes(reason);
      test(`${restarted ? "restarts" : "does not restart"} a ${type} child after a ${reason} exit`, async () => {
        const { supervisor, workers } = await startTestSupervisor((w) => ({
          children: [w.spec("a", { restart: type }), w.spec("b")],
        }));
        exit(workers);
        const after = await summary(supervisor);
        assert.deepEqual(
          after,
          restarted
            ? { a: "1", b: "0" }
            : type === "temporary"
              ? { b: "0" }
              : { a: "stopped 0", b: "0" },
        );
        assert.deepEqual(workers.takeLog(), [
          `exit a ${reason}`,
          ...(restarted ? ["start a"] : []),
        ]);
        await supervisor.stop();
      });
    }
  }
});

describe("strategies", () => {
  const threeChildren = (strategy: Strategy) => (w: TestWorkers) => ({
    strategy,
    intensity: 10,
    children: [w.spec("a"), w.spec("b"), w.spec("c")],
  });

  test("restarts only the failed child under one_for_one", async () => {
    const { supervisor, workers } = await startTestSupervisor(threeChildren("one_for_one"));
    workers.current("b").crash();
    assert.deepEqual(await summary(supervisor), { a: "0", b: "1", c: "0" });
    assert.deepEqual(workers.takeLog(), ["exit b crash", "start b"]);
    await supervisor.stop();
  });

  test("stops the others in reverse order, then starts all in order under one_for_all", async () => {
    const { supervisor, workers } = await startTestSupervisor(threeChildren("one_for_all"));
    workers.current("b").crash();
    assert.deepEqual(await summary(supervisor), { a: "1", b: "1", c: "1" });
    assert.deepEqual(workers.takeLog(), [
      "exit b crash",
      "exit c shutdown",
      "exit a shutdown",
      "start a",
      "start b",
      "start c",
    ]);
    await supervisor.stop();
  });

  test("restarts the failed child and those started after it under rest_for_one", async () => {
    const { supervisor, workers } = await startTestSupervisor(threeChildren("rest_for_one"));
    workers.current("b").crash();
    assert.deepEqual(await summary(supervisor), { a: "0", b: "1", c: "1" });
    assert.deepEqual(workers.takeLog(), ["exit b crash", "exit c shutdown", "start b", "start c"]);
    await supervisor.stop();
  });

  test("stops temporary bystanders of a group restart and drops them", async () => {
    const { supervisor, workers } = await startTestSupervisor((w) => ({
      strategy: "one_for_all",
      children: [w.spec("a"), w.spec("t", { restart: "temporary" }), w.spec("c")],
    }));
    workers.current("a").crash();
    assert.deepEqual(await summary(supervisor), { a: "1", c: "1" });
    assert.deepEqual(workers.takeLog(), [
      "exit a crash",
      "exit c shutdown",
      "exit t shutdown",
      "start a",
      "start c",
    ]);
    await supervisor.stop();
  });

  test("starts a terminated sibling again in a group restart, as OTP does", async () => {
    const { supervisor, workers } = await startTestSupervisor(threeChildren("rest_for_one"));
    await supervisor.terminateChild("c");
    workers.current("b").crash();
    assert.deepEqual(await summary(supervisor), { a: "0", b: "1", c: "1" });
    assert.deepEqual(workers.takeLog(), ["exit c shutdown", "exit b crash", "start b", "start c"]);
    await supervisor.stop();
  });

  test("reports the exit, the planned restart and the start as events", async () => {
    const { supervisor, workers, clock, events } = await startTestSupervisor(
      threeChildren("rest_for_one"),
    );
    events.length = 0;
    clock.advance(42);
    workers.current("b").crash();
    await supervisor.children();
    assert.deepEqual(
      events.map(({ type, supervisorId, at }) => `${supervisorId} ${at} ${type}`),
      [
        "sup 42 child_exited",
        "sup 42 child_stopped",
        "sup 42 restart_scheduled",
        "sup 42 child_started",
        "sup 42 child_started",
      ],
    );
    assert.deepEqual(events[2], {
      type: "restart_scheduled",
      supervisorId: "sup",
      at: 42,
      childId: "b",
      childIds: ["b", "c"],
      delayMs: 0,
    });
    assert.deepEqual(events[3], {
      type: "child_started",
      supervisorId: "sup",
      at: 42,
      childId: "b",
      processId: "b#2",
      restart: true,
    });
    await supervisor.stop();
  });
});

describe("restart intensity", () => {
  for (const strategy of ["one_for_one", "one_for_all", "rest_for_one"] as const) {
    test(`gives up under ${strategy} when restarts exceed the intensity within the period`, async () => {
      const { supervisor, workers, clock, exited } = await startTestSupervisor((w) => ({
        strategy,
        intensity: 2,
        period: 1000,
        children: [w.spec("a"), w.spec("b"), w.spec("c")],
      }));
      // A group restart counts once: two crashes of `a` are two restarts, whatever the strategy.
      for (let i = 0; i < 2; i++) {
        workers.current("a").crash();
        await supervisor.children();
        clock.advance(400);
      }
      workers.takeLog();
      workers.current("a").crash(); // at 800 ms: a third restart within 1000 ms
      const reason = await exited;
      assert.ok(typeof reason === "object" && reason.error instanceof SupervisorShutdownError);
      assert.match(
        reason.error.message,
        /^supervisor 'sup' gave up: 3 restarts within 1000 ms \(intensity 2 per 1000 ms\); last, child 'a' crashed \(Error: boom\)/,
      );
      assert.deepEqual(workers.takeLog(), ["exit a crash", "exit c shutdown", "exit b shutdown"]);
      await assert.rejects(supervisor.children(), SupervisorShutdownError);
    });
  }

  test("never gives up when restarts are spaced beyond the period", async () => {
    const { supervisor, workers, clock } = await startTestSupervisor((w) => ({
      intensity: 1,
      period: 1000,
      children: [w.spec("a")],
    }));
    for (let i = 0; i < 5; i++) {
      workers.current("a").crash();
      await supervisor.children();
      clock.advance(1001);
    }
    assert.deepEqual(await summary(supervisor), { a: "5" });
    await supervisor.stop();
  });

  test("gives up when two restarts fall within the period at intensity 1", async () => {
    const { supervisor, workers, clock, exited } = await startTestSupervisor((w) => ({
      intensity: 1,
      period: 1000,
      children: [w.spec("a")],
    }));
    workers.current("a").crash();
    await supervisor.children();
    clock.advance(1000); // the window includes its boundary, as OTP's does
    workers.current("a").crash();
    const reason = await exited;
    assert.ok(typeof reason === "object" && reason.error instanceof SupervisorShutdownError);
    assert.equal(workers.starts("a"), 2);
  });

  test("gives up at the first restart with intensity 0", async () => {
    const { workers, exited, events } = await startTestSupervisor((w) => ({
      intensity: 0,
      children: [w.spec("a"), w.spec("b")],
    }));
    workers.current("b").crash();
    await exited;
    assert.deepEqual(workers.takeLog(), ["exit b crash", "exit a shutdown"]);
    assert.deepEqual(
      events.filter((event) => event.type === "gave_up"),
      [
        {
          type: "gave_up",
          supervisorId: "sup",
          at: 0,
          childId: "b",
          restarts: 1,
          intensity: 0,
          period: 5000,
        },
      ],
    );
  });

  test("does not count exits that need no restart", async () => {
    const { supervisor, workers } = await startTestSupervisor((w) => ({
      intensity: 0,
      children: [w.spec("a", { restart: "transient" }), w.spec("t", { restart: "temporary" })],
    }));
    workers.current("a").finish();
    workers.current("t").crash();
    assert.deepEqual(await summary(supervisor), { a: "stopped 0" });
    await supervisor.stop();
  });
});

describe("failing restarts", () => {
  test("shows a child whose restart failed as restarting and retries it", async () => {
    const { supervisor, workers } = await startTestSupervisor((w) => ({
      intensity: 5,
      children: [w.spec("a"), w.spec("b")],
    }));
    workers.failStarts("a", 1);
    workers.current("a").crash();
    const during = await supervisor.children();
    assert.deepEqual(
      during.map((child) => [child.id, child.state]),
      [
        ["a", "restarting"],
        ["b", "running"],
      ],
    );
    assert.deepEqual(await summary(supervisor), { a: "1", b: "0" });
    assert.deepEqual(workers.takeLog(), ["exit a crash", "start-failed a", "start a"]);
    await supervisor.stop();
  });

  test("counts each retry toward the intensity and escalates when the restart keeps failing", async () => {
    const { workers, exited } = await startTestSupervisor((w) => ({
      intensity: 2,
      children: [w.spec("a"), w.spec("b")],
    }));
    workers.failStarts("a", 100);
    workers.current("a").crash();
    const reason = await exited;
    assert.ok(typeof reason === "object" && reason.error instanceof SupervisorShutdownError);
    // restart 1 fails, retry (restart 2) fails, retry 3 exceeds intensity 2: give up.
    assert.deepEqual(workers.takeLog(), [
      "exit a crash",
      "start-failed a",
      "start-failed a",
      "exit b shutdown",
    ]);
  });

  test("serves requests between retries, so a child that keeps failing can be terminated", async () => {
    const { supervisor, workers } = await startTestSupervisor((w) => ({
      intensity: 1000,
      children: [w.spec("a"), w.spec("b")],
    }));
    workers.failStarts("a", Infinity);
    workers.current("a").crash();
    await supervisor.terminateChild("a");
    assert.deepEqual(await summary(supervisor), { a: "stopped 0", b: "0" });
    assert.deepEqual(workers.takeLog(), ["exit a crash", "start-failed a"]);
    await supervisor.stop();
  });

  test("retries a failed group restart as a group under one_for_all", async () => {
    const { supervisor, workers } = await startTestSupervisor((w) => ({
      strategy: "one_for_all",
      intensity: 5,
      children: [w.spec("a"), w.spec("b"), w.spec("c")],
    }));
    workers.failStarts("b", 1);
    workers.current("c").crash();
    await supervisor.children();
    assert.deepEqual(await summary(supervisor), { a: "2", b: "1", c: "1" });
    assert.deepEqual(workers.takeLog(), [
      "exit c crash",
      "exit b shutdown",
      "exit a shutdown",
      "start a",
      "start-failed b",
      "exit a shutdown",
      "start a",
      "start b",
      "start c",
    ]);
    await supervisor.stop();
  });
});

describe("start and shutdown order", () => {
  test("starts children in order and stops them in reverse order", async () => {
    const workers = new TestWorkers();
    const supervisor = await Supervisor.start({
      children: [workers.spec("a"), workers.spec("b"), workers.spec("c")],
    });
    assert.deepEqual(workers.takeLog(), ["start a", "start b", "start c"]);
    const exited = new Promise<ExitReason>((resolve) => supervisor.monitor(resolve));
    await supervisor.stop();
    assert.equal(await exited, "shutdown");
    assert.deepEqual(workers.takeLog(), ["exit c shutdown", "exit b shutdown", "exit a shutdown"]);
  });

  test("fails its start when a child fails to start, stopping the started ones in reverse order", async () => {
    const workers = new TestWorkers();
    workers.failStarts("c", 1);
    const start = Supervisor.start({
      name: "pipeline",
      children: [workers.spec("a"), workers.spec("b"), workers.spec("c"), workers.spec("d")],
    });
    await assert.rejects(start, (error: unknown) => {
      assert.ok(error instanceof ChildStartError);
      assert.equal(error.childId, "c");
      assert.equal(
        error.message,
        "supervisor 'pipeline' could not start child 'c': crashed (Error: c refuses to start); " +
          "fix the child's start function or its arguments",
      );
      return true;
    });
    assert.deepEqual(workers.takeLog(), [
      "start a",
      "start b",
      "start-failed c",
      "exit b shutdown",
      "exit a shutdown",
    ]);
  });

  test("rejects a start function that returns something other than a Process", async () => {
    await assert.rejects(
      Supervisor.start({ children: [{ id: "x", start: () => ({}) as never }] }),
      /could not start child 'x': crashed \(TypeError: start returned object instead of a Process/,
    );
  });

  test("kills a child that ignores the shutdown signal once its shutdown time has passed", async () => {
    const workers = new TestWorkers();
    workers.ignoreShutdown("a");
    const { supervisor, clock } = await startTestSupervisor(
      (w) => ({ children: [w.spec("a", { shutdown: 1000 })] }),
      workers,
    );
    const signalled = workers.current("a").nextSignal();
    const terminated = supervisor.terminateChild("a");
    assert.equal(await signalled, "shutdown");
    clock.advance(999);
    assert.equal(workers.current("a").alive, true);
    clock.advance(1);
    await terminated;
    assert.deepEqual(workers.current("a").signals, ["shutdown", "killed"]);
    assert.deepEqual(workers.takeLog(), ["exit a killed"]);
    assert.equal(clock.pending, 0);
    await supervisor.stop();
  });

  test("kills a brutal_kill child at once", async () => {
    const { supervisor, workers } = await startTestSupervisor((w) => ({
      children: [w.spec("a", { shutdown: "brutal_kill" }), w.spec("b")],
    }));
    const a = workers.current("a");
    await supervisor.stop();
    assert.deepEqual(a.signals, ["killed"]);
    assert.deepEqual(workers.takeLog(), ["exit b shutdown", "exit a killed"]);
  });

  test("waits the default 5000 ms for a worker before killing it when the supervisor stops", async () => {
    const workers = new TestWorkers();
    workers.ignoreShutdown("a");
    const { supervisor, clock } = await startTestSupervisor(
      (w) => ({ children: [w.spec("a"), w.spec("b")] }),
      workers,
    );
    assert.deepEqual(
      (await supervisor.children()).map((child) => child.shutdown),
      [5000, 5000],
    );
    const signalled = workers.current("a").nextSignal();
    const stopped = supervisor.stop();
    await signalled;
    clock.advance(4999);
    assert.equal(workers.current("a").alive, true);
    clock.advance(1);
    await stopped;
    assert.deepEqual(workers.takeLog(), ["exit b shutdown", "exit a killed"]);
  });

  test("kills every child at once when it is killed", async () => {
    const workers = new TestWorkers();
    workers.ignoreShutdown("a");
    const { supervisor, exited } = await startTestSupervisor(
      (w) => ({ children: [w.spec("a"), w.spec("b")] }),
      workers,
    );
    supervisor.exit("killed");
    assert.equal(await exited, "killed");
    assert.deepEqual(workers.takeLog(), ["exit b killed", "exit a killed"]);
  });

  test("kills a child it is still waiting on to stop when it is killed", async () => {
    const workers = new TestWorkers();
    workers.ignoreShutdown("a");
    const { supervisor, exited } = await startTestSupervisor(
      (w) => ({ children: [w.spec("a", { shutdown: Infinity })] }),
      workers,
    );
    const signalled = workers.current("a").nextSignal();
    const terminated = supervisor.terminateChild("a");
    await signalled;
    supervisor.exit("killed");
    await terminated;
    assert.equal(await exited, "killed");
    assert.deepEqual(workers.current("a").signals, ["shutdown", "killed"]);
  });
});
