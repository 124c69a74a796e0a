import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { init, shutdown } from "@rayx/core";
import { startNode } from "@rayx/core/node";
import type { RunningNode } from "@rayx/core/node";
import { STORED_LENGTH, getWhileCollecting, lateRefs } from "../fixtures/gcDuringGet.js";

const storage = mkdtempSync(join(tmpdir(), "rayx-gc-ws-"));
let head: RunningNode | undefined;

before(async () => {
  head = await startNode({ head: true, storageDir: storage, numWorkers: 2 });
  await init({ address: head.address });
});

after(async () => {
  try {
    await shutdown();
    await head?.stop();
  } finally {
    rmSync(storage, { recursive: true, force: true });
  }
});

const COUNT = 40;

describe("a driver joined over ws", () => {
  it("reads every stored result of a get whose refs are collected while it is pending", async () => {
    const sums = await getWhileCollecting(() => lateRefs(COUNT, STORED_LENGTH, 300));
    assert.deepEqual(sums, Array(COUNT).fill(STORED_LENGTH));
  });

  it("reads every inline result of a get whose refs are collected while it is pending", async () => {
    const sums = await getWhileCollecting(() => lateRefs(COUNT, 10, 300));
    assert.deepEqual(sums, Array(COUNT).fill(10));
  });
});
