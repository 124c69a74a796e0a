import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  STORED_LENGTH,
  getAfterBusy,
  getInTask,
  getWhileCollecting,
  lateRefs,
} from "../fixtures/gcDuringGet.js";
import { useRuntime } from "../fixtures/runtime.js";

useRuntime("gc-during-get");

const COUNT = 40;

describe("a get whose refs are collected while it is pending", () => {
  it("reads every inline result in the driver", async () => {
    const sums = await getWhileCollecting(() => lateRefs(COUNT, 10, 300));
    assert.deepEqual(sums, Array(COUNT).fill(10));
  });

  it("reads every stored result in the driver", async () => {
    const sums = await getWhileCollecting(() => lateRefs(COUNT, STORED_LENGTH, 300));
    assert.deepEqual(sums, Array(COUNT).fill(STORED_LENGTH));
  });

  it("reads every inline result in a worker", async () => {
    assert.deepEqual(await getInTask.remote(COUNT, 10, 300), Array(COUNT).fill(10));
  });

  it("reads every stored result in a worker", async () => {
    assert.deepEqual(
      await getInTask.remote(COUNT, STORED_LENGTH, 300),
      Array(COUNT).fill(STORED_LENGTH),
    );
  });
});

describe("a ref made in a worker busy until its result is ready", () => {
  it("keeps its stored result, though the worker reports the ref after the reply", async () => {
    assert.equal(await getAfterBusy.remote(STORED_LENGTH, 500), STORED_LENGTH);
  });
});
