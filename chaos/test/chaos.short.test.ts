/**
 * The chaos suite's short run in `npm test`: 15 s of the worker-kill scenario with
 * retries and snapshots (the combination that lost and doubled acknowledged calls),
 * in a process group of its own that is killed, dir and all, after it.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { runInProcessGroup } from "../src/runInProcessGroup.js";

test(
  "workers killed with kill -9 under load lose no acknowledged call and apply none twice (maxTaskRetries 3, snapshotEvery 100)",
  { timeout: 240_000 },
  async () => {
    const result = await runInProcessGroup("worker-kill-retries-snapshots", 15_000);
    assert.ok(result.kills >= 3, `only ${result.kills} workers were killed`);
    assert.ok(result.acknowledged > 0, "no call was acknowledged");
    assert.deepEqual(
      {
        lost: result.lost,
        doubled: result.doubled,
        appliedButRejected: result.appliedButRejected,
        unsettled: result.unsettled,
        unknownTokens: result.unknownTokens,
      },
      { lost: 0, doubled: 0, appliedButRejected: 0, unsettled: 0, unknownTokens: 0 },
    );
  },
);
