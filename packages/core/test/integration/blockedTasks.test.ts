import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { get, init, shutdown } from "@rayx/core";
import { chain, threeShapes, viaGpu, waitGpu } from "../fixtures/nestedTasks.js";

/** A deadlock would hang: fail the test instead. */
const DEADLINE = { timeout: 30_000 };

describe("a task blocked in get on a node with one cpu", () => {
  const storageDir = mkdtempSync(join(tmpdir(), "rayx-blocked-"));
  before(async () => {
    await init({ numWorkers: 1, resources: { gpu: 1, tpu: 1 }, storageDir });
  });
  after(async () => {
    try {
      await shutdown();
    } finally {
      rmSync(storageDir, { recursive: true, force: true });
    }
  });

  test("completes when it submits another task and gets its result", DEADLINE, async () => {
    assert.equal(await get(chain.remote(2)), 2);
  });

  test("completes a chain 3 tasks deep", DEADLINE, async () => {
    assert.equal(await get(chain.remote(3)), 3);
  });

  test("lends its cpu to a task of another resource shape it waits for", DEADLINE, async () => {
    assert.equal(await get(viaGpu.remote(4)), 41);
  });

  test("completes a chain of 3 tasks of 3 resource shapes, each waiting", DEADLINE, async () => {
    assert.equal(await get(threeShapes.remote(3)), 302);
  });

  test("lends its cpu while it waits in wait() too", DEADLINE, async () => {
    assert.equal(await get(waitGpu.remote(5)), 52);
  });

  test("takes its cpu back: later tasks still run one lease at a time", DEADLINE, async () => {
    const results = await get([viaGpu.remote(1), viaGpu.remote(2), chain.remote(2)]);
    assert.deepEqual(results, [11, 21, 2]);
  });
});
