/**
 * The chaos scenario "head-kill" in short (20 s of load, one kill): the head process
 * and its workers `kill -9`ed under load and started again on the storage dir; no
 * acknowledged call of its named detached counters is lost or applied twice.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { headKill } from "../src/headKill.js";
import { failed } from "../src/Scenario.js";

test("the head killed and restarted under load loses and doubles no acknowledged call", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "rayx-chaos-head-kill-"));
  try {
    const result = await headKill.run({
      durationMs: 20_000,
      dir,
      log: (line) => t.diagnostic(line),
    });
    t.diagnostic(JSON.stringify(result));
    assert.equal(result.kills, 1);
    assert.deepEqual(
      { lost: result.lost, doubled: result.doubled, appliedButRejected: result.appliedButRejected },
      { lost: 0, doubled: 0, appliedButRejected: 0 },
    );
    assert.equal(failed(result), false);
    assert.deepEqual(
      Object.keys(result.errors),
      result.outcomeUnknown > 0 ? ["HeadConnectionLostError"] : [],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
