/** InMemoryCallLog: ordered batched reads, no holes, compaction by snapshots. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { InMemoryCallLog } from "@rayx/actors";

function entry(seq: number): { seq: number; method: string; args: number[]; results: [] } {
  return { seq, method: "add", args: [seq], results: [] };
}

test("reads entries in order from a seq, in batches of at most limit", () => {
  const log = new InMemoryCallLog();
  for (let seq = 1; seq <= 10; seq++) log.append(entry(seq));
  assert.deepEqual(
    log.read(3, 4).map((e) => e.seq),
    [3, 4, 5, 6],
  );
  assert.deepEqual(
    log.read(9, 4).map((e) => e.seq),
    [9, 10],
  );
  assert.deepEqual(log.read(11, 4), []);
  assert.equal(log.lastSeq, 10);
});

test("rejects an append out of order, and every later one, so the log has no holes", () => {
  const log = new InMemoryCallLog();
  log.append(entry(1));
  assert.throws(() => log.append(entry(3)), /got seq 3, expected 2/);
  assert.throws(() => log.append(entry(4)), /got seq 4, expected 2/);
  assert.equal(log.length, 1);
});

test("a snapshot compacts the entries the one before it covers; reads continue after it", () => {
  const log = new InMemoryCallLog();
  for (let seq = 1; seq <= 5; seq++) log.append(entry(seq));
  log.writeSnapshot({ seq: 3, state: "s3" });
  assert.equal(log.length, 5, "nothing before the first snapshot goes");
  assert.deepEqual(log.latestSnapshot(), { seq: 3, state: "s3" });
  assert.deepEqual(
    log.read(4, 10).map((e) => e.seq),
    [4, 5],
  );
  log.writeSnapshot({ seq: 5, state: "s5" });
  assert.equal(log.length, 2, "entries 4 and 5 stay one more interval");
  assert.deepEqual(
    log.read(0, 10).map((e) => e.seq),
    [4, 5],
  );
  assert.equal(log.lastSeq, 5);
  log.writeSnapshot({ seq: 5, state: "s5" });
  assert.equal(log.length, 0);
  log.append(entry(6));
  assert.deepEqual(
    log.read(6, 10).map((e) => e.seq),
    [6],
  );
});
