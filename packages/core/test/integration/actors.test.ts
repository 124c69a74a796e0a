import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ActorDiedError,
  ActorNameTakenError,
  ActorNotFoundError,
  InfeasibleResourcesError,
  MailboxFullError,
  TaskError,
  get,
  getActor,
  inspect,
  kill,
  spawn,
  state,
} from "@rayx/core";
import { Counter, Gate, Job, NotAnActor, Recorder } from "../fixtures/actors.js";
import { useRuntime } from "../fixtures/runtime.js";

useRuntime("actors");

describe("actors", () => {
  it("answers 1000 then 1001 after kill -9 of its worker (rebuilt from its call log)", async () => {
    const counter = await spawn(Counter);
    const refs = Array.from({ length: 1000 }, () => counter.add(1));
    const results = await get(refs);
    assert.equal(results[999], 1000);
    const { pid } = await inspect(counter);
    assert.ok(pid !== undefined && pid > 0);
    process.kill(pid, "SIGKILL");
    assert.equal(await counter.read(), 1000);
    assert.equal(await counter.add(1), 1001);
    const info = await inspect(counter);
    assert.equal(info.restarts, 1);
    assert.notEqual(info.pid, pid);
  });

  it("refuses calls past a full mailbox with MailboxFullError, which the caller catches as is", async () => {
    const counter = await spawn(Counter, [0], { mailbox: { capacity: 1 } });
    const settled = await Promise.allSettled(Array.from({ length: 5 }, () => get(counter.add(1))));
    assert.deepEqual(
      settled.map((s) => (s.status === "fulfilled" ? s.value : (s.reason as Error).name)),
      [1, 2, "MailboxFullError", "MailboxFullError", "MailboxFullError"],
    );
    assert.ok((settled[2] as PromiseRejectedResult).reason instanceof MailboxFullError);
    assert.equal(await counter.read(), 2);
  });

  it("runs 1,000 queued calls from one caller in order", async () => {
    const recorder = await spawn(Recorder);
    const refs = Array.from({ length: 1000 }, (_, i) => recorder.push(i));
    assert.deepEqual(
      await get(refs),
      Array.from({ length: 1000 }, (_, i) => i + 1),
    );
    assert.deepEqual(
      await recorder.all(),
      Array.from({ length: 1000 }, (_, i) => i),
    );
  });

  it("rolls back a throwing method's writes and rejects its caller with TaskError", async () => {
    const counter = await spawn(Counter, [5]);
    await assert.rejects(get(counter.addThenThrow(100)), (error: unknown) => {
      assert.ok(error instanceof TaskError);
      const cause = error.cause as Error;
      assert.equal(cause.name, "RangeError");
      assert.equal(cause.message, "refusing 100");
      assert.match(cause.stack ?? "", /addThenThrow/);
      return true;
    });
    assert.equal(await counter.read(), 5);
    assert.equal(await counter.add(1), 6);
  });

  it("refuses a class without @actor, naming the fix", async () => {
    await assert.rejects(spawn(NotAnActor), /not an actor: add @actor\(\)/);
  });

  it("refuses an unknown method at once, naming the class and method", async () => {
    const counter = await spawn(Counter);
    assert.throws(
      () => (counter as unknown as { nope(): void }).nope(),
      /class Counter has no method 'nope'/,
    );
  });

  it("refuses unserializable arguments, naming the path", async () => {
    const counter = await spawn(Counter);
    assert.throws(
      () => counter.add({ cb: () => 1 } as unknown as number),
      /cannot serialize args\[0\]\.cb: it is a function/,
    );
  });

  it("marks an actor dead once its restarts are exhausted, naming the cause", async () => {
    const counter = await spawn(Counter, [0], { maxRestarts: 0 });
    await assert.rejects(get(counter.addThenThrow(1)), TaskError);
    await assert.rejects(get(counter.add(1)), (error: unknown) => {
      assert.ok(error instanceof ActorDiedError);
      assert.match(String((error.cause as Error).message), /restarts exhausted.*rayx inspect/);
      return true;
    });
    assert.equal((await inspect(counter)).state, "dead");
  });
});

describe("named actors", () => {
  it("finds a named actor, refuses the name twice, and returns it with getIfExists", async () => {
    const registry = await spawn(Counter, [7], { name: "registry" });
    const found = await getActor<Counter>("registry");
    assert.equal(found.actorId, registry.actorId);
    assert.equal(await found.read(), 7);
    await assert.rejects(spawn(Counter, [], { name: "registry" }), ActorNameTakenError);
    const again = await spawn(Counter, [], { name: "registry", getIfExists: true });
    assert.equal(again.actorId, registry.actorId);
    assert.deepEqual(
      (await state.listActors({ name: "registry" })).map((a) => a.actorId),
      [registry.actorId],
    );
  });

  it("rejects getActor of an unknown name with ActorNotFoundError", async () => {
    await assert.rejects(getActor("nobody"), ActorNotFoundError);
  });

  it("kill() ends an actor for good: calls reject and its name is free again", async () => {
    const doomed = await spawn(Counter, [], { name: "doomed" });
    await kill(doomed);
    await assert.rejects(get(doomed.read()), ActorDiedError);
    await assert.rejects(getActor("doomed"), ActorNotFoundError);
    const reborn = await spawn(Counter, [3], { name: "doomed" });
    assert.equal(await reborn.read(), 3);
  });

  it("kill({ noRestart: false }) is a crash its supervisor repairs from the log", async () => {
    const counter = await spawn(Counter);
    await counter.add(4);
    await kill(counter, { noRestart: false });
    assert.equal(await counter.read(), 4);
    assert.equal((await inspect(counter)).restarts, 1);
  });
});

describe("maxConcurrency", () => {
  it("runs one call at a time by default and up to maxConcurrency when set", async () => {
    const serial = await spawn(Gate);
    assert.deepEqual(await get([serial.enter(20), serial.enter(20), serial.enter(20)]), [1, 1, 1]);
    const parallel = await spawn(Gate, [], { maxConcurrency: 2 });
    const most = await get([parallel.enter(50), parallel.enter(50), parallel.enter(50)]);
    assert.equal(Math.max(...most), 2);
  });
});

describe("placement", () => {
  it("puts a detached actor under the cluster's supervisor, not the job's", async () => {
    const detached = await spawn(Counter, [], { detached: true });
    const attached = await spawn(Counter);
    assert.match((await inspect(detached)).supervisorId ?? "", /\/cluster$/);
    assert.match((await inspect(attached)).supervisorId ?? "", /\/root$/);
  });

  it("refuses an actor asking for resources the node does not have, naming them", async () => {
    await assert.rejects(
      spawn(Counter, [], { resources: { gpu: 1 } }),
      (error: unknown) =>
        error instanceof InfeasibleResourcesError &&
        /1 gpu but this node has 0/.test(error.message),
    );
  });
});

describe("context() and onError", () => {
  it("tells a method its actor id, and stop() ends the actor normally for good", async () => {
    const job = await spawn(Job);
    assert.equal(await job.whoAmI(), job.actorId);
    assert.equal(await job.finish(), 1);
    await assert.rejects(get(job.read()), ActorDiedError);
    assert.equal((await inspect(job)).restarts, 0);
  });

  it("keeps a throwing method's writes under onError: resume", async () => {
    const job = await spawn(Job);
    await assert.rejects(get(job.addThenThrow()), TaskError);
    assert.equal(await job.read(), 10);
  });
});
