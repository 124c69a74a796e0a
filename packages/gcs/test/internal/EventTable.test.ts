/**
 * Lifecycle events on a real LMDB env: the events appended in one turn are written
 * together, in one store batch, and read back in order by time and by subject.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Gcs, openLmdbStore } from "@rayx/gcs";
import type { BatchOp, LifecycleEvent, TableStore } from "@rayx/gcs";
import { tempDir } from "../fixtures.js";

const event = (time: number, subjectId: string, type: string): LifecycleEvent => ({
  time,
  subjectKind: "task",
  subjectId,
  type,
  detail: "",
});

describe("lifecycle events on LMDB", () => {
  const tmp = tempDir();
  let store: TableStore;
  let gcs: Gcs;
  const batches: number[] = [];
  before(() => {
    store = openLmdbStore({ dir: join(tmp.dir, "gcs") });
    const batch = store.batch.bind(store);
    store.batch = (ops: readonly BatchOp[]) => {
      batches.push(ops.length);
      return batch(ops);
    };
    gcs = new Gcs(store);
  });
  after(async () => {
    await gcs.close();
    tmp.cleanup();
  });

  test("writes the events appended in one turn in one batch, in order", async () => {
    batches.length = 0;
    await Promise.all([
      gcs.appendEvent(event(1_000, "task-1", "scheduled")),
      gcs.appendEvent(event(1_001, "task-1", "alive")),
      gcs.appendEvent(event(1_001, "task-2", "scheduled")),
    ]);
    assert.deepEqual(batches, [6]); // each event under its time and under its subject
    const types = (events: readonly LifecycleEvent[]) =>
      events.map((e) => `${e.subjectId}:${e.type}`);
    assert.deepEqual(types(await gcs.listEvents({ since: 1_000, until: 1_002 })), [
      "task-1:scheduled",
      "task-1:alive",
      "task-2:scheduled",
    ]);
    assert.deepEqual(types(await gcs.listEvents({ subjectId: "task-1" })), [
      "task-1:scheduled",
      "task-1:alive",
    ]);
  });

  test("starts a new batch for events appended after the last one was written", async () => {
    batches.length = 0;
    await gcs.appendEvent(event(2_000, "task-3", "scheduled"));
    await gcs.appendEvent(event(2_001, "task-3", "alive"));
    assert.deepEqual(batches, [2, 2]);
    assert.equal((await gcs.listEvents({ subjectId: "task-3" })).length, 2);
  });
});
