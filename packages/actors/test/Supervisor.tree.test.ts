/**
 * Supervision trees: a supervisor supervised by another. Giving up escalates to
 * the parent as a crash; a restarted supervisor starts from its initial spec (its
 * dynamic children are not recreated); shutdown goes depth-first in reverse order.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ChildStartError,
  Supervisor,
  SupervisorShutdownError,
  type ExitReason,
} from "@rayx/actors";
import { startTestSupervisor, summary } from "./support/startTestSupervisor.js";
import { TestWorkers } from "./support/TestWorkers.js";

async function nested(root: Supervisor, id: string): Promise<Supervisor> {
  const child = await root.child(id);
  assert.ok(child instanceof Supervisor, `child '${id}' is a running supervisor`);
  return child;
}

function exitOf(supervisor: Supervisor): Promise<ExitReason> {
  return new Promise((resolve) => supervisor.monitor(resolve));
}

test("restarts a nested supervisor from its initial spec, without its dynamic children", async () => {
  const { supervisor, workers, events } = await startTestSupervisor((w) => ({
    children: [{ id: "sub", supervisor: { intensity: 0, children: [w.spec("a")] } }],
  }));
  const sub = await nested(supervisor, "sub");
  assert.equal(sub.id, "sup/sub");
  await sub.startChild(workers.spec("dyn"));
  const subExited = exitOf(sub);
  workers.current("a").crash();
  const reason = await subExited;
  assert.ok(typeof reason === "object" && reason.error instanceof SupervisorShutdownError);
  assert.deepEqual(await summary(supervisor), { sub: "1" });
  const again = await nested(supervisor, "sub");
  assert.notEqual(again, sub);
  assert.deepEqual(await summary(again), { a: "0" });
  assert.deepEqual(workers.takeLog(), [
    "start dyn",
    "exit a crash",
    "exit dyn shutdown",
    "start a",
  ]);
  assert.deepEqual(
    events
      .filter((event) => event.type === "gave_up" || event.type === "supervisor_exited")
      .map((event) => `${event.supervisorId} ${event.type}`),
    ["sup/sub gave_up", "sup/sub supervisor_exited"],
  );
  await supervisor.stop();
});

test("escalates to the parent, which gives up in turn when its own intensity is exceeded", async () => {
  const { supervisor, workers, exited } = await startTestSupervisor((w) => ({
    intensity: 1,
    children: [w.spec("x"), { id: "sub", supervisor: { intensity: 0, children: [w.spec("a")] } }],
  }));
  let subExited = exitOf(await nested(supervisor, "sub"));
  workers.current("a").crash();
  await subExited;
  assert.deepEqual(await summary(supervisor), { x: "0", sub: "1" });
  subExited = exitOf(await nested(supervisor, "sub"));
  workers.current("a").crash();
  await subExited;
  const reason = await exited;
  assert.ok(typeof reason === "object" && reason.error instanceof SupervisorShutdownError);
  assert.match(
    reason.error.message,
    /^supervisor 'sup' gave up: 2 restarts within 5000 ms \(intensity 1 per 5000 ms\); last, child 'sub' crashed \(SupervisorShutdownError: supervisor 'sup\/sub' gave up: 1 restart within 5000 ms/,
  );
  assert.ok(reason.error.cause instanceof SupervisorShutdownError);
  assert.deepEqual(workers.takeLog(), [
    "exit a crash",
    "start a",
    "exit a crash",
    "exit x shutdown",
  ]);
});

test("stops a tree depth-first, each level in reverse start order", async () => {
  const { supervisor, workers } = await startTestSupervisor((w) => ({
    children: [
      w.spec("a"),
      { id: "sub", supervisor: { children: [w.spec("b"), w.spec("c")] } },
      w.spec("d"),
    ],
  }));
  assert.deepEqual(
    (await supervisor.children()).map(({ id, type, shutdown }) => [id, type, shutdown]),
    [
      ["a", "worker", 5000],
      ["sub", "supervisor", Infinity],
      ["d", "worker", 5000],
    ],
  );
  await supervisor.stop();
  assert.deepEqual(workers.takeLog(), [
    "exit d shutdown",
    "exit c shutdown",
    "exit b shutdown",
    "exit a shutdown",
  ]);
});

test("restarts a nested supervisor's siblings under one_for_all when it gives up", async () => {
  const { supervisor, workers } = await startTestSupervisor((w) => ({
    strategy: "one_for_all",
    children: [w.spec("x"), { id: "sub", supervisor: { intensity: 0, children: [w.spec("a")] } }],
  }));
  const subExited = exitOf(await nested(supervisor, "sub"));
  workers.current("a").crash();
  await subExited;
  assert.deepEqual(await summary(supervisor), { x: "1", sub: "1" });
  assert.deepEqual(workers.takeLog(), ["exit a crash", "exit x shutdown", "start x", "start a"]);
  await supervisor.stop();
});

test("fails the parent's start when a nested supervisor cannot start its children", async () => {
  const workers = new TestWorkers();
  workers.failStarts("b", 1);
  await assert.rejects(
    Supervisor.start({
      name: "root",
      children: [
        workers.spec("a"),
        { id: "sub", supervisor: { children: [workers.spec("c"), workers.spec("b")] } },
      ],
    }),
    (error: unknown) => {
      assert.ok(error instanceof ChildStartError);
      assert.equal(error.childId, "sub");
      assert.ok(error.cause instanceof ChildStartError);
      assert.equal(error.cause.supervisorId, "root/sub");
      assert.equal(error.cause.childId, "b");
      return true;
    },
  );
  assert.deepEqual(workers.takeLog(), [
    "start a",
    "start c",
    "start-failed b",
    "exit c shutdown",
    "exit a shutdown",
  ]);
});
