/**
 * Restart backoff as an Effect `Schedule`: each delay is waited on the
 * supervisor's clock, so on the simulated clock a restart happens exactly when
 * the schedule says and not a millisecond before.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Schedule } from "effect";
import { SupervisorShutdownError } from "@rayx/actors";
import { startTestSupervisor, summary } from "./support/startTestSupervisor.js";

test("waits each delay of the schedule on the clock before restarting", async () => {
  const { supervisor, workers, clock, events } = await startTestSupervisor((w) => ({
    intensity: 10,
    backoff: Schedule.exponential("100 millis"),
    children: [w.spec("a")],
  }));
  for (const delay of [100, 200, 400]) {
    workers.current("a").crash();
    assert.deepEqual(await summary(supervisor), {
      a: `restarting ${delay === 100 ? 0 : delay === 200 ? 1 : 2}`,
    });
    clock.advance(delay - 1);
    assert.equal((await supervisor.children())[0]?.state, "restarting");
    clock.advance(1);
    assert.equal((await supervisor.children())[0]?.state, "running");
  }
  assert.deepEqual(
    events.flatMap((event) =>
      event.type === "restart_scheduled" ? [[event.at, event.delayMs]] : [],
    ),
    [
      [0, 100],
      [100, 200],
      [300, 400],
    ],
  );
  assert.equal(workers.starts("a"), 4);
  await supervisor.stop();
});

test("starts the schedule afresh once the previous restart is more than period ms old", async () => {
  const { supervisor, workers, clock, events } = await startTestSupervisor((w) => ({
    period: 1000,
    backoff: Schedule.exponential("100 millis"),
    children: [w.spec("a")],
  }));
  workers.current("a").crash();
  await supervisor.children();
  clock.advance(100);
  await supervisor.children(); // restarted at 100
  workers.current("a").crash();
  await supervisor.children();
  clock.advance(200);
  await supervisor.children(); // restarted at 300
  clock.advance(1001);
  workers.current("a").crash();
  await supervisor.children();
  assert.deepEqual(
    events.flatMap((event) => (event.type === "restart_scheduled" ? [event.delayMs] : [])),
    [100, 200, 100],
  );
  await supervisor.stop();
});

test("stops a one_for_all group at once and starts it in order after the delay", async () => {
  const { supervisor, workers, clock } = await startTestSupervisor((w) => ({
    strategy: "one_for_all",
    backoff: Schedule.spaced("500 millis"),
    children: [w.spec("a"), w.spec("b"), w.spec("c")],
  }));
  workers.current("b").crash();
  assert.deepEqual(await summary(supervisor), {
    a: "restarting 0",
    b: "restarting 0",
    c: "restarting 0",
  });
  assert.deepEqual(workers.takeLog(), ["exit b crash", "exit c shutdown", "exit a shutdown"]);
  clock.advance(500);
  assert.deepEqual(await summary(supervisor), { a: "1", b: "1", c: "1" });
  assert.deepEqual(workers.takeLog(), ["start a", "start b", "start c"]);
  await supervisor.stop();
});

test("merges a pending restart into a later overlapping one so start order holds under rest_for_one", async () => {
  const { supervisor, workers, clock } = await startTestSupervisor((w) => ({
    strategy: "rest_for_one",
    backoff: Schedule.spaced("500 millis"),
    children: [w.spec("a"), w.spec("b"), w.spec("c")],
  }));
  workers.current("b").crash();
  await supervisor.children();
  clock.advance(100);
  workers.current("a").crash();
  await supervisor.children();
  clock.advance(400); // b's original delay ends: nothing starts, a's group now owns b and c
  assert.deepEqual(await summary(supervisor), {
    a: "restarting 0",
    b: "restarting 0",
    c: "restarting 0",
  });
  clock.advance(100);
  assert.deepEqual(await summary(supervisor), { a: "1", b: "1", c: "1" });
  assert.deepEqual(workers.takeLog(), [
    "exit b crash",
    "exit c shutdown",
    "exit a crash",
    "start a",
    "start b",
    "start c",
  ]);
  assert.equal(clock.pending, 0);
  await supervisor.stop();
});

test("gives up when the schedule completes", async () => {
  const { supervisor, workers, clock, exited } = await startTestSupervisor((w) => ({
    backoff: Schedule.spaced("10 millis").pipe(Schedule.upTo({ times: 1 })),
    children: [w.spec("a")],
  }));
  workers.current("a").crash();
  await supervisor.children();
  clock.advance(10);
  await supervisor.children();
  workers.current("a").crash();
  const reason = await exited;
  assert.ok(typeof reason === "object" && reason.error instanceof SupervisorShutdownError);
  assert.match(reason.error.message, /^supervisor 'sup' gave up: its backoff schedule completed/);
  assert.equal(workers.starts("a"), 2);
});

test("cancels a pending restart when the supervisor stops", async () => {
  const { supervisor, workers, clock } = await startTestSupervisor((w) => ({
    backoff: Schedule.spaced("1 second"),
    children: [w.spec("a")],
  }));
  workers.current("a").crash();
  await supervisor.children();
  assert.equal(clock.pending, 1);
  await supervisor.stop();
  assert.equal(clock.pending, 0);
  assert.equal(workers.starts("a"), 1);
});
