import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { Gcs, openLmdbStore } from "@rayx/gcs";
import { GcsCallLog } from "../../src/internal/GcsCallLog.js";

const dir = mkdtempSync(join(tmpdir(), "rayx-gcscalllog-"));
const gcs = new Gcs(openLmdbStore({ dir }));
after(async () => {
  await gcs.close();
  rmSync(dir, { recursive: true, force: true });
});

const entry = (seq: number, callId: string, value: unknown) => ({
  seq,
  method: "add",
  args: [seq],
  results: [],
  callId,
  reply: { value },
});

describe("GcsCallLog on LMDB", () => {
  it("keeps each call's id and result, and reads them back", async () => {
    const log = new GcsCallLog(gcs, "keeps-ids");
    await log.append(entry(1, "call-a", { total: 1 }));
    await log.append({ seq: 2, method: "add", args: [2], results: [] });
    const [first, second] = await log.read(1, 10);
    assert.deepEqual([first?.callId, first?.reply], ["call-a", { value: { total: 1 } }]);
    assert.deepEqual([second?.callId, second?.reply], [undefined, undefined]);
  });

  it("keeps no snapshot whose entries did not commit (regression: a snapshot ahead of its log applied retried calls twice)", async () => {
    const log = new GcsCallLog(gcs, "snapshot-after-append");
    await log.append(entry(1, "call-1", 1));
    // An append that never commits, as when its worker is killed mid-write.
    const lost = log.append(entry(2.5, "call-2", 2));
    await assert.rejects(log.writeSnapshot({ seq: 2, state: [1, 2] }));
    await assert.rejects(lost);
    assert.equal(await log.latestSnapshot(), undefined);
    assert.deepEqual(
      (await log.read(1, 10)).map((e) => e.seq),
      [1],
    );
  });
});
