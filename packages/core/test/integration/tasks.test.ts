import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  GetTimeoutError,
  InvalidArgumentError,
  RuntimeStateError,
  TaskCancelledError,
  TaskError,
  cancel,
  get,
  init,
  put,
  spawn,
  task,
  wait,
} from "@rayx/core";
import { Counter } from "../fixtures/actors.js";
import {
  add,
  addVia,
  dieOnce,
  fail,
  flaky,
  ones,
  sleepy,
  hiddenTask,
  square,
  sum,
  unwrap,
} from "../fixtures/tasks.js";
import { useRuntime } from "../fixtures/runtime.js";

const { storageDir } = useRuntime("tasks");

describe("tasks", () => {
  it("chains tasks through refs given as arguments", async () => {
    assert.equal(await get(add.remote(square.remote(3), square.remote(4))), 25);
  });

  it("surfaces an error of a dependency at get of the dependent as TaskError with the remote error", async () => {
    const ref = add.remote(fail.remote("boom"), 1);
    await assert.rejects(get(ref), (error: unknown) => {
      assert.ok(error instanceof TaskError);
      const cause = error.cause as Error;
      assert.equal(cause.name, "TypeError");
      assert.equal(cause.message, "boom");
      assert.match(cause.stack ?? "", /fixtures\/tasks\.ts/);
      return true;
    });
  });

  it("fails get with GetTimeoutError after timeoutMs", async () => {
    const ref = sleepy.remote(3_000);
    await assert.rejects(get(ref, { timeoutMs: 50 }), GetTimeoutError);
    await cancel(ref, { force: true });
  });

  it("waits for numReturns refs, or returns what is ready at the timeout", async () => {
    const quick = square.remote(2);
    const slow = sleepy.remote(3_000);
    const first = await wait([slow, quick], { numReturns: 1 });
    assert.deepEqual(first.ready, [quick]);
    assert.deepEqual(first.pending, [slow]);
    const timed = await wait([slow, quick], { numReturns: 2, timeoutMs: 100 });
    assert.deepEqual(timed.ready, [quick]);
    assert.deepEqual(timed.pending, [slow]);
    await cancel(slow, { force: true });
    await assert.rejects(get(slow), TaskCancelledError);
  });

  it("drops a cancelled pending task and rejects its get with TaskCancelledError", async () => {
    const busy = [sleepy.remote(3_000), sleepy.remote(3_000)];
    const pending = square.remote(9);
    await cancel(pending);
    await assert.rejects(get(pending), TaskCancelledError);
    for (const ref of busy) await cancel(ref, { force: true });
    assert.equal(await get(square.remote(5)), 25);
  });

  it("runs a task again after its worker is killed", async () => {
    const marker = join(storageDir, "die-once");
    assert.equal(await get(dieOnce.remote(marker)), "survived");
  });

  it("fails a task whose worker dies more often than its retries", async () => {
    const marker = join(storageDir, "die-no-retry");
    await assert.rejects(
      get(dieOnce.options({ retries: 0 }).remote(marker)),
      /WorkerDiedError|died/,
    );
  });

  it("retries a throwing task only with retryExceptions", async () => {
    await assert.rejects(get(flaky.remote(join(storageDir, "flaky-1"))), TaskError);
    const marker = join(storageDir, "flaky-2");
    assert.equal(await get(flaky.options({ retryExceptions: true }).remote(marker)), "recovered");
  });

  it("lets a task call an actor through a handle passed as an argument", async () => {
    const counter = await spawn(Counter);
    assert.equal(await get(addVia.remote(counter, 5)), 5);
    assert.equal(await counter.read(), 5);
  });

  it("passes refs nested inside values as refs", async () => {
    assert.equal(await get(unwrap.remote({ inner: square.remote(6) })), "ref:36");
  });

  it("stores put values and large results in the object store", async () => {
    assert.deepEqual(await get(put({ a: [1, 2] })), { a: [1, 2] });
    const big = put(new Float64Array(200_000).fill(2));
    assert.equal(await get(sum.remote(big)), 400_000);
    assert.equal(await get(sum.remote(ones.remote(300_000))), 300_000);
  });

  it("refuses get of something that is not a ref", async () => {
    await assert.rejects(get(42 as never), InvalidArgumentError);
  });

  it("refuses to run a task its module does not export, naming the fix", () => {
    assert.throws(() => hiddenTask().remote(), /task hidden is not exported as 'hidden'/);
  });

  it("refuses an anonymous task function", () => {
    assert.throws(() => task(() => 1), /named function declared at module top level/);
  });

  it("refuses a second init() with other options", async () => {
    await assert.rejects(init({ numWorkers: 1, storageDir }), RuntimeStateError);
  });
});
