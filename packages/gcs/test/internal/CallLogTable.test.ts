/**
 * Call logs on a real LMDB env: append and read back, order across actors and seq
 * boundaries, bounded batches, compaction, snapshots, removal, and bad arguments.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Gcs, GcsArgumentError, openLmdbStore, type LoggedCall } from "@rayx/gcs";
import { call, tempDir } from "../fixtures.js";

const seqs = (calls: readonly LoggedCall[]) => calls.map((c) => c.seq);

describe("call log on LMDB", () => {
  const tmp = tempDir();
  let gcs: Gcs;
  let n = 0;
  /** A fresh actor id per test: the tests share one env. */
  const fresh = () => `actor-${++n}`;
  before(() => {
    gcs = new Gcs(openLmdbStore({ dir: join(tmp.dir, "gcs") }));
  });
  after(async () => {
    await gcs.close();
    tmp.cleanup();
  });

  test("reads back what was appended, with the hash of method and args", async () => {
    const id = fresh();
    const entry = {
      ...call(1),
      argRefs: ["obj-1"],
      nested: [{ target: "other", method: "get", result: Uint8Array.of(7), failed: false }],
      completion: { ok: true, result: Uint8Array.of(8) },
    };
    await gcs.appendCall(id, entry);
    await gcs.appendCall(id, call(2));
    const [first, second] = await gcs.readCalls(id, 1, 10);
    assert.deepEqual(
      {
        ...first!,
        args: Array.from(first!.args),
        nested: first!.nested.map((x) => Array.from(x.result)),
      },
      {
        ...entry,
        args: [0, 0, 0, 1],
        hash: first!.hash,
        nested: [[7]],
        completion: first!.completion,
      },
    );
    assert.deepEqual(Array.from(first!.completion!.result), [8]);
    assert.equal(second!.completion, undefined);
    assert.notEqual(first!.hash, second!.hash);
    const again = await gcs.readCalls(id, 1, 1);
    assert.equal(again[0]!.hash, first!.hash);
  });

  test("keeps seq order across actors appended interleaved, in one commit", async () => {
    const [a, b] = [fresh(), fresh()];
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        gcs.appendCall(i % 2 === 0 ? a : b, call(1 + (i >> 1))),
      ),
    );
    assert.deepEqual(
      seqs(await gcs.readCalls(a, 1, 1000)),
      Array.from({ length: 150 }, (_, i) => i + 1),
    );
    assert.equal(await gcs.lastSeq(b), 150);
  });

  test("orders seqs numerically past 2^32 and 2^8 boundaries", async () => {
    const id = fresh();
    for (const seq of [2 ** 32 + 1, 255, 256, 2 ** 32, 1]) await gcs.appendCall(id, call(seq));
    assert.deepEqual(seqs(await gcs.readCalls(id, 0, 10)), [1, 255, 256, 2 ** 32, 2 ** 32 + 1]);
  });

  test("reads in bounded batches from a seq", async () => {
    const id = fresh();
    await gcs.appendCalls(
      id,
      Array.from({ length: 2500 }, (_, i) => call(i + 1)),
    );
    const batches: number[][] = [];
    for await (const batch of gcs.replayCalls(id, 101, 1000)) batches.push(seqs(batch));
    assert.deepEqual(
      batches.map((b) => [b[0], b.length]),
      [
        [101, 1000],
        [1101, 1000],
        [2101, 400],
      ],
    );
    assert.deepEqual(seqs(await gcs.readCalls(id, 2500, 10)), [2500]);
    assert.deepEqual(await gcs.readCalls(id, 2501, 10), []);
  });

  test("does not mix an actor's log with one whose id extends it", async () => {
    const id = fresh();
    await gcs.appendCall(id, call(1));
    await gcs.appendCall(`${id}0`, call(5));
    assert.deepEqual(seqs(await gcs.readCalls(id, 0, 10)), [1]);
    assert.equal(await gcs.lastSeq(id), 1);
  });

  test("compacts through a seq and reports how many entries went", async () => {
    const id = fresh();
    await gcs.appendCalls(
      id,
      Array.from({ length: 25_000 }, (_, i) => call(i + 1)),
    );
    assert.equal(await gcs.compactCalls(id, 24_990), 24_990);
    assert.deepEqual(
      seqs(await gcs.readCalls(id, 0, 100)),
      [24_991, 24_992, 24_993, 24_994, 24_995, 24_996, 24_997, 24_998, 24_999, 25_000],
    );
    assert.equal(await gcs.lastSeq(id), 25_000);
  });

  test("a snapshot compacts the log through the previous snapshot's seq; replay resumes after it", async () => {
    const id = fresh();
    await gcs.appendCalls(
      id,
      Array.from({ length: 10 }, (_, i) => call(i + 1)),
    );
    await gcs.writeSnapshot(id, { seq: 6, state: Uint8Array.of(42) });
    const snapshot = (await gcs.latestSnapshot(id))!;
    assert.deepEqual([snapshot.seq, Array.from(snapshot.state)], [6, [42]]);
    assert.deepEqual(
      seqs(await gcs.readCalls(id, 0, 100)),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      "the first snapshot's entries stay one more interval, for redelivered calls",
    );
    assert.deepEqual(seqs(await gcs.readCalls(id, snapshot.seq + 1, 100)), [7, 8, 9, 10]);
    await gcs.writeSnapshot(id, { seq: 9, state: Uint8Array.of(43) });
    assert.deepEqual(seqs(await gcs.readCalls(id, 0, 100)), [7, 8, 9, 10]);
  });

  test("a snapshot also compacts appends still in flight when it is written (regression)", async () => {
    // An actor pipelines its appends and snapshots right after a call returns, so
    // the entries the snapshot folds in may not be committed yet.
    const id = fresh();
    const appends = Array.from({ length: 10 }, (_, i) => gcs.appendCall(id, call(i + 1)));
    await gcs.writeSnapshot(id, { seq: 3, state: Uint8Array.of(41) });
    await gcs.writeSnapshot(id, { seq: 6, state: Uint8Array.of(42) });
    await Promise.all(appends);
    assert.deepEqual(seqs(await gcs.readCalls(id, 0, 100)), [4, 5, 6, 7, 8, 9, 10]);
  });

  test("ignores a snapshot older than the one kept", async () => {
    const id = fresh();
    await gcs.writeSnapshot(id, { seq: 9, state: Uint8Array.of(9) });
    await gcs.writeSnapshot(id, { seq: 4, state: Uint8Array.of(4) });
    assert.equal((await gcs.latestSnapshot(id))!.seq, 9);
  });

  test("removing an actor forgets its log and snapshot", async () => {
    const id = fresh();
    await gcs.appendCall(id, call(1));
    await gcs.writeSnapshot(id, { seq: 1, state: Uint8Array.of(1) });
    await gcs.appendCall(id, call(2));
    await gcs.removeActor(id);
    assert.deepEqual(await gcs.readCalls(id, 0, 10), []);
    assert.equal(await gcs.latestSnapshot(id), undefined);
  });

  test("rejects bad seqs, limits and actor ids with clear errors", async () => {
    await assert.rejects(gcs.appendCall("a", call(-1)), /call log entry seq must be an integer/);
    await assert.rejects(gcs.appendCall("a", call(1.5)), GcsArgumentError);
    await assert.rejects(gcs.readCalls("a", 0, 0), /limit must be a positive integer, got 0/);
    await assert.rejects(gcs.appendCall("a\0b", call(1)), /actor id must be a non-empty string/);
  });
});
