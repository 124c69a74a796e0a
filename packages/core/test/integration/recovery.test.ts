import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ActorDiedError, get, inspect, kill, spawn } from "@rayx/core";
import { Caller, Counter, Crasher, SnapshotCounter } from "../fixtures/actors.js";
import { useRuntime } from "../fixtures/runtime.js";

useRuntime("recovery");

describe("rebuild", () => {
  it("snapshots every snapshotEvery calls and rebuilds from the latest snapshot", async () => {
    const counter = await spawn(SnapshotCounter);
    await get(Array.from({ length: 25 }, () => counter.add(1)));
    const info = await inspect(counter);
    assert.equal(info.snapshotSeq, 20);
    // The snapshot compacts the log through seq 20; it commits after the call returned.
    const deadline = Date.now() + 10_000;
    let logLength = info.logLength;
    while (logLength !== 5 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      logLength = (await inspect(counter)).logLength;
    }
    assert.equal(logLength, 5, "entries 21..25 are left after compaction");
    await kill(counter, { noRestart: false });
    assert.deepEqual(await counter.read(), { count: 25, restoredFrom: 20 });
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

  it("runs a call in flight at the crash again up to maxTaskRetries, then rejects with ActorDiedError", async () => {
    const crasher = await spawn(Crasher, [], { maxTaskRetries: 1 });
    await assert.rejects(get(crasher.crash()), ActorDiedError);
    assert.equal((await inspect(crasher)).restarts, 2);
  });
});
