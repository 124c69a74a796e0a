import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ActorDiedError, InvalidArgumentError, get, inspect, kill, spawn } from "@rayx/core";
import {
  Caller,
  Counter,
  Crasher,
  DiesOnFirstStart,
  Mortal,
  SnapshotCounter,
} from "../fixtures/actors.js";
import { Forwarder } from "../fixtures/awaitingActors.js";
import { inspectReaches } from "../fixtures/inspectReaches.js";
import { useRuntime } from "../fixtures/runtime.js";

useRuntime("recovery");

describe("rebuild", () => {
  it("snapshots every snapshotEvery calls and rebuilds from the latest snapshot", async () => {
    const counter = await spawn(SnapshotCounter);
    await get(Array.from({ length: 25 }, () => counter.add(1)));
    const info = await inspect(counter);
    assert.equal(info.snapshotSeq, 20);
    assert.equal(
      await inspectReaches(counter, "logLength", 5),
      5,
      "entries 21..25 are left after compaction",
    );
    await kill(counter, { noRestart: false });
    assert.deepEqual(await counter.read(), { count: 25, restoredFrom: 20 });
  });

  it("snapshots at the snapshotEvery given to spawn() rather than the class's", async () => {
    const counter = await spawn(SnapshotCounter, [], { snapshotEvery: 4 });
    await get(Array.from({ length: 10 }, () => counter.add(1)));
    const info = await inspect(counter);
    assert.equal(info.snapshotSeq, 8);
    assert.equal(
      await inspectReaches(counter, "logLength", 2),
      2,
      "entries 9..10 are left after compaction",
    );
    await kill(counter, { noRestart: false });
    assert.deepEqual(await counter.read(), { count: 10, restoredFrom: 8 });
  });

  it("replays an actor's calls to another actor with their recorded results, without calling again", async () => {
    const target = await spawn(Counter);
    const caller = await spawn(Caller, [target]);
    assert.equal(await caller.bump(1), 1);
    assert.equal(await caller.bump(1), 2);
    await kill(caller, { noRestart: false });
    assert.equal(await caller.count(), 2);
    assert.equal(await target.read(), 2);
    assert.equal(await caller.bump(1), 3);
  });

  it("replays calls made after a method's first await with their recorded results, making none again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rayx-tally-"));
    try {
      const tallyFile = join(dir, "tally.txt");
      const counter = await spawn(Counter);
      const forwarder = await spawn(Forwarder, [counter, tallyFile]);
      // counted = running sum of n; squared = n²: 1+1, then 3+4, then 6+9.
      assert.deepEqual(await get([1, 2, 3].map((n) => forwarder.forward(n))), [2, 9, 24]);
      const pid = (await inspect(forwarder)).pid as number;
      assert.notEqual(pid, (await inspect(counter)).pid, "the counter lives on the other worker");
      process.kill(pid, "SIGKILL");
      assert.equal(await forwarder.read(), 24);
      assert.equal((await inspect(forwarder)).restarts, 1);
      assert.equal(await counter.read(), 6, "each add reached the counter once");
      assert.equal(readFileSync(tallyFile, "utf8"), "1\n2\n3\n", "each tally ran once");
      assert.equal(await forwarder.forward(4), 24 + 10 + 16);
      assert.equal(await forwarder.whoAmI(), forwarder.actorId, "context() works after an await");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs a call in flight at the crash again up to maxTaskRetries, then rejects with ActorDiedError", async () => {
    const crasher = await spawn(Crasher, [], { maxTaskRetries: 1 });
    await assert.rejects(get(crasher.crash()), ActorDiedError);
    // The call is rejected at the second crash; the restart after it comes later.
    assert.equal(await inspectReaches(crasher, "restarts", 2), 2);
  });
});

describe("delivery under worker deaths", () => {
  it("places a spawn whose worker dies while the actor starts on another worker", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rayx-first-start-"));
    try {
      const flag = join(dir, "started");
      const actor = await spawn(DiesOnFirstStart, [flag]);
      const firstPid = Number(readFileSync(flag, "utf8"));
      assert.notEqual(
        await actor.pid(),
        firstPid,
        "it runs on a worker other than the one that died",
      );
      assert.equal((await inspect(actor)).restarts, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rejects a call that died with its worker with an ActorDiedError that says the actor was rebuilt, and the same handle keeps working", async () => {
    const mortal = await spawn(Mortal);
    assert.equal(await mortal.add(1), 1);
    await assert.rejects(get(mortal.die()), (error: unknown) => {
      assert.ok(error instanceof ActorDiedError);
      assert.doesNotMatch(error.message, /is dead/);
      assert.match(
        error.message,
        /before applying it; the actor was rebuilt and takes calls again/,
      );
      return true;
    });
    assert.equal(await mortal.add(1), 2);
  });
});

describe("restart limits", () => {
  it("inspect() reports maxRestarts Infinity by default and the spawn-given limit otherwise", async () => {
    const unlimited = await spawn(Counter);
    const limited = await spawn(Counter, [], { maxRestarts: 5 });
    assert.equal((await inspect(unlimited)).maxRestarts, Infinity);
    assert.equal((await inspect(limited)).maxRestarts, 5);
  });

  it("refuses a maxRestarts that is not a whole number ≥ 0 or Infinity, naming it", async () => {
    await assert.rejects(
      spawn(Counter, [], { maxRestarts: -1 }),
      (error: unknown) =>
        error instanceof InvalidArgumentError &&
        error.message ===
          "spawn(Counter): maxRestarts must be a whole number ≥ 0 or Infinity, not -1",
    );
  });
});
