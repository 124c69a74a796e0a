/**
 * Spilling: a workload three times the capacity fits by moving least recently used
 * objects to disk, and every object reads back intact.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { describe, test } from "node:test";
import { sessionPerTest } from "../support/tempSession.js";

const MiB = 1 << 20;
const current = sessionPerTest();

const pattern = (i: number, length: number): Uint8Array =>
  new Uint8Array(length).map((_, j) => (i * 31 + j) & 0xff);

describe("spilling", () => {
  test("spills a workload 3x the capacity to disk and reads every object back intact", async () => {
    const capacity = 4 * MiB;
    const session = current();
    const store = session.open({ objectStoreMemory: capacity });
    const size = 256 * 1024;
    const ids: string[] = [];
    for (let i = 0; i < 48; i++) ids.push(await store.put({ i, bytes: pattern(i, size) }));
    const after = store.stats();
    assert.ok(after.usedBytes <= capacity, `resident ${after.usedBytes} bytes within ${capacity}`);
    assert.ok(after.spilledObjects >= 32, `spilled ${after.spilledObjects} objects`);
    assert.equal(after.objects, 48);
    assert.equal(readdirSync(store.spillDir).length, after.spilledObjects);
    assert.ok(after.spilledBytes > 32 * size);

    for (let i = 0; i < ids.length; i++) {
      const value = store.get<{ i: number; bytes: Uint8Array }>(ids[i]!);
      assert.equal(value.i, i);
      assert.deepEqual(value.bytes, pattern(i, size));
    }
    await store.flush();
    const final = store.stats();
    assert.ok(final.restoresTotal > 0, "read objects came back into the store");
    assert.ok(final.usedBytes <= capacity);
  });

  test("spills the least recently used objects first", async () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 2 * MiB });
    const size = 256 * 1024;
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await store.put(pattern(i, size)));
    store.get(ids[0]!); // now the most recently used
    await store.flush();
    for (let i = 6; i < 9; i++) ids.push(await store.put(pattern(i, size)));
    const spilled = new Set(readdirSync(store.spillDir));
    assert.equal(spilled.has(ids[0]!), false, "the object just read stays resident");
    assert.equal(spilled.has(ids[1]!), true, "the oldest unread object went to disk");
  });

  test("reads in another process an object that was spilled", async () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 1 * MiB });
    const child = session.fork({ objectStoreMemory: 1 * MiB });
    const first = await store.put(pattern(1, 512 * 1024));
    for (let i = 2; i < 6; i++) await store.put(pattern(i, 512 * 1024));
    assert.ok(readdirSync(store.spillDir).includes(first));
    assert.deepEqual(await child.run("get", first), pattern(1, 512 * 1024));
  });
});
