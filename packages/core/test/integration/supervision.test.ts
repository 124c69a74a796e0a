import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SupervisorSpecError } from "@rayx/actors";
import type { ActorHandle } from "@rayx/core";
import {
  ActorDiedError,
  InvalidArgumentError,
  TaskError,
  get,
  inspect,
  kill,
  spawn,
  supervise,
} from "@rayx/core";
import { Counter } from "../fixtures/actors.js";
import { inspectReaches } from "../fixtures/inspectReaches.js";
import { useRuntime } from "../fixtures/runtime.js";

const setup = useRuntime("supervision");

/** A killed worker's replacement takes a moment to start: wait (bounded) until both workers are up. */
async function twoWorkers(): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (setup.runtime.workerPids().length < 2) {
    assert.ok(Date.now() < deadline, "the replacement worker started within 20 s");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function pidOf(handle: ActorHandle<Counter>): Promise<number> {
  const { pid } = await inspect(handle);
  assert.ok(pid !== undefined);
  return pid;
}

async function pair(strategy: "one_for_one" | "one_for_all") {
  await twoWorkers();
  const tree = await supervise({
    strategy,
    children: [
      { id: "a", actor: Counter },
      { id: "b", actor: Counter },
    ],
  });
  const a = (await tree.child<Counter>("a")) as ActorHandle<Counter>;
  const b = (await tree.child<Counter>("b")) as ActorHandle<Counter>;
  await a.add(1);
  await b.add(2);
  const [pidA, pidB] = [await pidOf(a), await pidOf(b)];
  assert.notEqual(pidA, pidB, "the two children are placed on different workers");
  return { tree, a, b, pidA };
}

describe("supervise()", () => {
  it("rebuilds only the child whose worker died under one_for_one", async () => {
    const { tree, a, b, pidA } = await pair("one_for_one");
    process.kill(pidA, "SIGKILL");
    assert.equal(await a.read(), 1);
    assert.equal(await b.read(), 2);
    assert.equal((await inspect(a)).restarts, 1);
    assert.equal((await inspect(b)).restarts, 0);
    await tree.stop();
  });

  it("rebuilds every child, each with its state, under one_for_all", async () => {
    const { tree, a, b, pidA } = await pair("one_for_all");
    process.kill(pidA, "SIGKILL");
    assert.equal(await a.read(), 1);
    // b's worker lives: b may answer before the supervisor restarts it.
    assert.equal(await inspectReaches(b, "restarts", 1), 1);
    assert.equal((await inspect(a)).restarts, 1);
    assert.equal(await b.read(), 2);
    await tree.stop();
  });

  it("rebuilds the child whose worker died and those after it, not those before, under rest_for_one", async () => {
    await twoWorkers();
    const tree = await supervise({
      strategy: "rest_for_one",
      children: [
        { id: "a", actor: Counter },
        { id: "b", actor: Counter },
        { id: "c", actor: Counter },
      ],
    });
    const [a, b, c] = (await Promise.all(["a", "b", "c"].map((id) => tree.child<Counter>(id)))) as [
      ActorHandle<Counter>,
      ActorHandle<Counter>,
      ActorHandle<Counter>,
    ];
    await get([a.add(1), b.add(2), c.add(3)]);
    const [pidA, pidB] = [await pidOf(a), await pidOf(b)];
    assert.notEqual(pidA, pidB, "the first two children are placed on different workers");
    process.kill(pidB, "SIGKILL");
    assert.deepEqual(await get([a.read(), b.read(), c.read()]), [1, 2, 3]);
    // c may live on a's worker: it can answer before the supervisor restarts it.
    assert.equal(await inspectReaches(c, "restarts", 1), 1);
    const [infoA, infoB, infoC] = await Promise.all([inspect(a), inspect(b), inspect(c)]);
    assert.deepEqual(
      [infoA.restarts, infoB.restarts, infoC.restarts],
      [0, 1, 1],
      "b and the child after it restarted, the one before did not",
    );
    assert.equal(infoA.pid, pidA, "a kept its worker");
    assert.notEqual(infoB.pid, pidB, "b was rebuilt on a live worker");
    assert.deepEqual(await get([a.read(), b.read(), c.read()]), [1, 2, 3], "c kept its state");
    await tree.stop();
  });

  it("gives up past its intensity: the child stops and calls reject with ActorDiedError", async () => {
    const tree = await supervise({
      intensity: 1,
      period: 60_000,
      children: [{ id: "c", actor: Counter }],
    });
    const c = (await tree.child<Counter>("c")) as ActorHandle<Counter>;
    await assert.rejects(get(c.addThenThrow(1)), TaskError);
    await assert.rejects(get(c.addThenThrow(1)), TaskError);
    await assert.rejects(get(c.add(1)), ActorDiedError);
  });

  it("refuses a bad spec, naming the field", async () => {
    await assert.rejects(
      supervise({ strategy: "sideways" as never, children: [] }),
      (error: unknown) => error instanceof SupervisorSpecError && /strategy/.test(error.message),
    );
    await assert.rejects(
      supervise({ children: [{ id: "x" } as never] }),
      (error: unknown) =>
        error instanceof InvalidArgumentError && /children\[0\]/.test(error.message),
    );
  });
});

describe("isolate: process", () => {
  it("gives an actor a worker process of its own, retired when the actor is killed", async () => {
    await twoWorkers();
    const shared = new Set(setup.runtime.workerPids());
    const alone = await spawn(Counter, [], { isolate: "process" });
    assert.equal(await alone.add(2), 2);
    const pid = await pidOf(alone);
    assert.equal(shared.has(pid), false);
    assert.equal(setup.runtime.workerPids().length, 3);
    await kill(alone);
    const deadline = Date.now() + 10_000;
    while (setup.runtime.workerPids().includes(pid)) {
      assert.ok(Date.now() < deadline, "the actor's own worker stopped within 10 s");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.deepEqual(new Set(setup.runtime.workerPids()), shared);
  });

  it("rolls back a throwing method in the actor's own process, as a pooled actor does", async () => {
    await twoWorkers();
    const alone = await spawn(Counter, [5], { isolate: "process" });
    const pid = await pidOf(alone);
    await assert.rejects(get(alone.addThenThrow(100)), (error: unknown) => {
      assert.ok(error instanceof TaskError, `a TaskError, not ${String(error)}`);
      assert.equal((error.cause as Error).name, "RangeError");
      assert.equal((error.cause as Error).message, "refusing 100");
      return true;
    });
    assert.equal(await alone.read(), 5);
    assert.equal(await alone.add(1), 6);
    const info = await inspect(alone);
    assert.equal(info.pid, pid);
    assert.equal(info.restarts, 1);
    assert.equal(setup.runtime.workerPids().length, 3);
    await kill(alone);
  });
});
