import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as pause } from "node:timers/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { ObjectLostError, get, inspect, kill, put, spawn, state, wait } from "@rayx/core";
import type { ObjectRef } from "@rayx/core";
import { openObjectStore } from "@rayx/objectstore";
import type { ObjectStore } from "@rayx/objectstore";
import {
  Accumulator,
  Keeper,
  STORED_LENGTH,
  countedFill,
  countedScale,
  Hoarder,
  putFill,
  scribble,
  sumWithPid,
  total,
  Wrapper,
} from "../fixtures/objects.js";
import { useRuntime } from "../fixtures/runtime.js";
import { sleepy } from "../fixtures/tasks.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const rt = useRuntime("objects");
let opened: ObjectStore | undefined;
/** The node's object store, opened by the test to look at (and delete) objects. */
const store = {
  contains: (id: string) => storeOf().contains(id),
  size: (id: string) => storeOf().size(id),
  holders: (id: string) => storeOf().holders(id),
  delete: (id: string) => storeOf().delete(id),
};
function storeOf(): ObjectStore {
  return (opened ??= openObjectStore({ sessionDir: rt.runtime.sessionDir }));
}

/** Collects garbage and polls `done` every 10 ms until it holds; fails after 10 s. */
async function eventually(what: string, done: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    gc();
    if (await done()) return;
    if (Date.now() > deadline) assert.fail(`still not the case after 10 s: ${what}`);
    await pause(10);
  }
}

async function listedIds(): Promise<Set<string>> {
  return new Set((await state.listObjects()).map((o) => o.objectId));
}

/** The object-store ids of stored objects listed now and not in `before`. */
async function newlyListed(before: Set<string>): Promise<string[]> {
  return [...(await listedIds())].filter((id) => !before.has(id));
}

function runsOf(file: string): number {
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").length - 1 : 0;
}

/**
 * An `Accumulator` that summed a stored argument in its first logged call, once only
 * that log entry (seq 1) holds the argument (the driver's ref is gone).
 */
async function accumulatorLoggingStoredArg() {
  const acc = await spawn(Accumulator);
  const { actorId } = await inspect(acc);
  const id = await (async () => {
    const ref = put(new Float64Array(STORED_LENGTH).fill(1));
    assert.equal(await acc.addAll(ref), STORED_LENGTH);
    return ref.id;
  })();
  await eventually("only the call log holds the argument", () => {
    const holders = store.holders(id);
    return holders.length === 1 && holders[0] === `log:${actorId}:1`;
  });
  return { acc, actorId, id };
}

describe("object lifetimes", () => {
  it("frees a put object once its only ref is garbage collected", async () => {
    const id = await (async () => {
      const ref = put(new Float64Array(STORED_LENGTH).fill(2));
      await ref;
      assert.equal(store.contains(ref.id), true);
      const info = (await state.listObjects()).find((o) => o.objectId === ref.id);
      assert.deepEqual(
        { size: info?.size, locations: info?.locations, producer: info?.producerTaskId },
        { size: store.size(ref.id), locations: [rt.runtime.nodeId], producer: undefined },
      );
      return ref.id;
    })();
    await eventually("the put object is freed", async () => {
      return !store.contains(id) && !(await listedIds()).has(id);
    });
  });

  it("frees a large task result a worker stored once its ref is dropped", async () => {
    const before = await listedIds();
    const runs = join(rt.storageDir, "free-result.runs");
    const storedId = await (async () => {
      const ref = countedFill.remote(runs, STORED_LENGTH, 1);
      assert.equal((await ref).length, STORED_LENGTH);
      const listed = (await state.listObjects()).filter((o) => !before.has(o.objectId));
      assert.equal(listed.length, 1);
      assert.match(listed[0]?.producerTaskId ?? "", /^task-/);
      assert.equal(typeof ref.id, "string"); // (the ref lives until here)
      return listed[0]?.objectId as string;
    })();
    await eventually("the worker's result is freed", async () => {
      return !store.contains(storedId) && !(await listedIds()).has(storedId);
    });
  });

  it("stores a large value a worker puts (above the frame limit) in the object store", async () => {
    const length = 2_500_000; // 20 MB: only the object store can carry it
    const before = await listedIds();
    const resultId = await (async () => {
      // A task's result that is a ref is awaited through (refs are thenables), in the
      // worker too: the task's result is the put value again, stored as well.
      const ref = putFill.remote(length, 9);
      const value = await ref;
      assert.deepEqual([value.length, value[0], value[length - 1]], [length, 9, 9]);
      const listed = (await state.listObjects()).filter((o) => !before.has(o.objectId));
      assert.equal(typeof ref.id, "string"); // (the result's ref lives until here)
      // The worker's own put object lives only while that process holds its ref, which
      // its collector may already have dropped: the task's stored result must be there.
      const results = listed.filter((o) => o.producerTaskId !== undefined);
      assert.deepEqual(
        results.map((o) => o.size > 20_000_000),
        [true],
      );
      assert.ok(listed.every((o) => o.size > 20_000_000));
      return listed.find((o) => o.producerTaskId !== undefined)?.objectId as string;
    })();
    // The put object lives while the worker's ref does (until that process collects it).
    await eventually("the task's result is freed", () => !store.contains(resultId));
  });

  it("keeps an object named by a ref inside a stored value a worker made", async () => {
    const wrapper = await spawn(Wrapper);
    let collected = false;
    const registry = new FinalizationRegistry(() => (collected = true));
    const result = (() => {
      const ref = put(5); // an inline object: only holds keep it
      registry.register(ref, "ref");
      return wrapper.wrap({ ref });
    })();
    await wait([result]); // settled, not read: the driver makes no ref to the inner object
    await eventually("the driver's ref is collected", () => collected);
    // The worker's refs go with it: only the stored value still names the object.
    const pid = (await inspect(wrapper)).pid as number;
    process.kill(pid, "SIGKILL");
    await eventually("the worker's death is handled", () => !rt.runtime.workerPids().includes(pid));
    const { inner } = await result;
    assert.equal(await get(inner), 5);
  });

  it("drops the holds and pins of a worker killed with kill -9", async () => {
    const hoarder = await spawn(Hoarder);
    const length = 2_200_000; // 17.6 MB: read as a zero-copy view, which pins the object
    const id = await (async () => {
      const ref = put(new Float64Array(length).fill(1));
      assert.equal(await hoarder.keep({ ref }), length);
      return ref.id;
    })();
    const pid = (await inspect(hoarder)).pid as number;
    assert.ok(store.holders(id).some((holder) => holder.startsWith(`pin:${pid}:`)));
    process.kill(pid, "SIGKILL");
    await eventually("the object is freed", () => !store.contains(id));
  });

  it("keeps a put object a pending task takes until the task ran", async () => {
    const id = await (async () => {
      const { result, id } = (() => {
        const ref = put(new Float64Array(STORED_LENGTH).fill(3));
        return { result: total.remote(ref), id: ref.id };
      })();
      gc(); // the put's own ref is gone: only the pending task holds the object
      assert.equal(await result, 3 * STORED_LENGTH);
      return id;
    })();
    // Its inline result needs no lineage: the argument goes once the task ran.
    await eventually("the argument is freed", () => !store.contains(id));
  });

  it("keeps a stored argument of a logged call for replay until compaction, then frees it", async () => {
    const { acc, id } = await accumulatorLoggingStoredArg();
    // A rebuild replays the call, reading the argument from the store.
    await kill(acc, { noRestart: false });
    assert.equal(await acc.read(), STORED_LENGTH);
    assert.equal((await inspect(acc)).restarts, 1);
    assert.equal(store.contains(id), true);
    const small = new Float64Array(1).fill(1);
    assert.equal(await acc.addAll(small), STORED_LENGTH + 1);
    // Calls 2..4: a snapshot compacts the log past call 1, which lets the argument go.
    assert.equal(await acc.addAll(small), STORED_LENGTH + 2);
    assert.equal(await acc.addAll(small), STORED_LENGTH + 3);
    assert.equal(await acc.addAll(small), STORED_LENGTH + 4);
    await eventually("the argument is freed after compaction", () => !store.contains(id));
  });
});

describe("call log holds", () => {
  it("keeps an object named by a ref inside a logged call's arguments for the replay", async () => {
    const keeper = await spawn(Keeper);
    let collected = false;
    const registry = new FinalizationRegistry(() => (collected = true));
    await (async () => {
      const ref = put(41); // an inline object: only refs hold it
      registry.register(ref, "ref");
      await keeper.keep({ ref });
    })();
    await eventually("the driver's ref is collected", () => collected);
    // The worker's ref goes with it; the log entry still holds the object.
    process.kill((await inspect(keeper)).pid as number, "SIGKILL");
    assert.equal(await keeper.open(), 41);
    assert.equal((await inspect(keeper)).restarts, 1);
  });

  it("lets a stored argument go, and empties the log, once its actor is killed for good", async () => {
    const { acc, actorId, id } = await accumulatorLoggingStoredArg();
    await kill(acc, { noRestart: true });
    await eventually("the argument is freed", () => !store.contains(id));
    const killed = await inspect(actorId);
    assert.deepEqual([killed.state, killed.logLength], ["dead", 0]);
  });

  it("lets an object named by a ref inside a logged call go once its actor is killed for good", async () => {
    const keeper = await spawn(Keeper);
    const id = await (async () => {
      const ref = put(new Float64Array(STORED_LENGTH).fill(5));
      await keeper.keep({ ref: ref as unknown as ObjectRef<number> });
      return ref.id;
    })();
    const { pid } = await inspect(keeper);
    await kill(keeper, { noRestart: true });
    // Its worker's kept ref goes with the worker: then only the log entry held the object.
    process.kill(pid as number, "SIGKILL");
    await eventually("the object is freed", () => !store.contains(id));
  });
});

describe("lineage", () => {
  it("rebuilds a lost task result by running its task again, its lost input first", async () => {
    const fillRuns = join(rt.storageDir, "lineage-fill.runs");
    const scaleRuns = join(rt.storageDir, "lineage-scale.runs");
    const before = await listedIds();
    const filled = countedFill.remote(fillRuns, STORED_LENGTH, 2);
    const scaled = countedScale.remote(scaleRuns, filled, 5);
    assert.equal((await scaled)[0], 10);
    const lost = await newlyListed(before);
    assert.equal(lost.length, 2);
    for (const id of lost) await store.delete(id);
    assert.deepEqual(
      lost.map((id) => store.contains(id)),
      [false, false],
    );
    const again = await get(scaled);
    assert.deepEqual([again.length, again[0], again[STORED_LENGTH - 1]], [STORED_LENGTH, 10, 10]);
    assert.deepEqual([runsOf(fillRuns), runsOf(scaleRuns)], [2, 2]);
    assert.equal((await filled)[0], 2); // rebuilt on the way, still there
  });

  it("keeps a stored result's arguments for a rebuild, however their refs went", async () => {
    const runs = join(rt.storageDir, "lineage-args.runs");
    const before = await listedIds();
    const scaled = countedScale.remote(runs, put(new Float64Array(STORED_LENGTH).fill(2)), 3);
    assert.equal((await scaled)[0], 6);
    for (let i = 0; i < 3; i++) {
      gc();
      await pause(10);
    }
    const [result, ...others] = (await state.listObjects()).filter(
      (o) => !before.has(o.objectId) && o.producerTaskId !== undefined,
    );
    assert.equal(others.length, 0);
    await store.delete(result?.objectId as string);
    const again = await get(scaled);
    assert.deepEqual([again[0], runsOf(runs)], [6, 2]);
  });

  it("fails get of a lost put object with ObjectLostError naming it and why", async () => {
    const ref = put(new Float64Array(STORED_LENGTH).fill(4));
    await ref;
    await store.delete(ref.id);
    await assert.rejects(get(ref), (error: unknown) => {
      assert.ok(error instanceof ObjectLostError);
      assert.equal(error.objectId, ref.id);
      assert.match(error.message, /gone from the object store.*no lineage.*put\(\)/);
      return true;
    });
  });
});

describe("wait", () => {
  it("splits 10,000 refs into ready and pending, each in the order given", async () => {
    const slow = sleepy.remote(1_500);
    const refs = Array.from({ length: 10_000 }, (_, i) => (i === 5_000 ? slow : put(i)));
    const first = await wait(refs, { numReturns: 9_999 });
    assert.deepEqual(
      first.ready.map((ref) => ref.id),
      refs.filter((ref) => ref !== slow).map((ref) => ref.id),
    );
    assert.deepEqual(first.pending, [slow]);
    const capped = await wait(refs, { numReturns: 10, timeoutMs: 50 });
    assert.deepEqual(
      capped.ready.map((ref) => ref.id),
      refs.slice(0, 10).map((ref) => ref.id),
    );
    assert.equal(capped.pending.length, 9_990);
    const all = await wait(refs, { numReturns: 10_000 });
    assert.deepEqual([all.ready.length, all.pending.length], [10_000, 0]);
  });
});

describe("objects shared on one host", () => {
  it("gives each reader of a stored typed array its own: a worker writing into it changes it for no other reader", async () => {
    const length = 2_200_000; // 17.6 MB: from 16 MiB a read was a view on the shared pages
    const ref = put(new Float64Array(length).map((_, i) => i));
    const [written, writer] = await scribble.remote(ref);
    assert.equal(written, -1);
    // Two at once: one runs on the other worker.
    const readers = await get([sumWithPid.remote(ref), sumWithPid.remote(ref)]);
    assert.deepEqual(
      readers.map(([sum]) => sum),
      [(length * (length - 1)) / 2, (length * (length - 1)) / 2],
    );
    assert.ok(
      readers.some(([, pid]) => pid !== writer),
      `all ran in ${writer}`,
    );
    const back = await get(ref);
    assert.deepEqual([back[0], back[1], back[length - 1]], [0, 1, length - 1]);
    const view = await get(ref, { zeroCopy: true });
    assert.deepEqual([view[0], view[length - 1]], [0, length - 1]);
  });
});
