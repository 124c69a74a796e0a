/**
 * The `TableStore` contract, run against every backend (LmdbTableStore.test.ts,
 * MemoryTableStore.test.ts): what the typed tables above rely on, and nothing more.
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { GcsArgumentError, type TableStore } from "@rayx/gcs";

export interface Backend {
  readonly name: string;
  /** A fresh, empty store. */
  open(): TableStore;
  /** Removes what `open` created (temp dirs); runs even when a test fails. */
  cleanup(): void;
}

const b = (...bytes: number[]) => Uint8Array.from(bytes);
/** Plain arrays, so Buffers (LMDB) and Uint8Arrays (memory) compare equal. */
const arr = (v: Uint8Array | undefined) => (v === undefined ? undefined : Array.from(v));
const keysOf = (store: TableStore, table: string, range = {}) =>
  [...store.scan(table, range)].map((e) => Array.from(e.key));

export function tableStoreContract(backend: Backend): void {
  describe(`TableStore contract: ${backend.name}`, () => {
    let store: TableStore;
    beforeEach(() => {
      store = backend.open();
    });
    afterEach(async () => {
      await store.close();
      backend.cleanup();
    });

    test("returns what was put, and undefined for a missing key", async () => {
      await store.put("t", b(1), b(10, 11));
      assert.deepEqual(arr(store.get("t", b(1))), [10, 11]);
      assert.equal(store.get("t", b(2)), undefined);
    });

    test("keeps tables apart", async () => {
      await store.put("a", b(1), b(1));
      await store.put("b", b(1), b(2));
      assert.deepEqual(arr(store.get("a", b(1))), [1]);
      assert.deepEqual(arr(store.get("b", b(1))), [2]);
    });

    test("overwrites and deletes", async () => {
      await store.put("t", b(1), b(1));
      await store.put("t", b(1), b(2));
      assert.deepEqual(arr(store.get("t", b(1))), [2]);
      await store.delete("t", b(1));
      assert.equal(store.get("t", b(1)), undefined);
    });

    test("scans in unsigned byte order within [start, end)", async () => {
      for (const k of [[3], [1], [0xff], [2, 0], [2], [0x80]]) await store.put("t", b(...k), b(0));
      assert.deepEqual(keysOf(store, "t"), [[1], [2], [2, 0], [3], [0x80], [0xff]]);
      assert.deepEqual(keysOf(store, "t", { start: b(2), end: b(3) }), [[2], [2, 0]]);
      assert.deepEqual(keysOf(store, "t", { start: b(2, 1) }), [[3], [0x80], [0xff]]);
      assert.deepEqual(keysOf(store, "t", { end: b(2) }), [[1]]);
    });

    test("scans in reverse with the same bounds, and honours limit", async () => {
      for (const k of [1, 2, 3, 4, 5]) await store.put("t", b(k), b(k));
      assert.deepEqual(keysOf(store, "t", { start: b(2), end: b(4), reverse: true }), [[3], [2]]);
      assert.deepEqual(keysOf(store, "t", { reverse: true, limit: 2 }), [[5], [4]]);
      assert.deepEqual(keysOf(store, "t", { start: b(2), limit: 2 }), [[2], [3]]);
      assert.deepEqual(keysOf(store, "t", { limit: 0 }), []);
    });

    test("scanValues hands each value's exact bytes to decode, within the same bounds", async () => {
      for (const k of [1, 2, 3, 4, 5]) await store.put("t", b(k), b(k, k * 10, k * 20));
      const seen = (range: object) => store.scanValues("t", range, (v) => Array.from(v));
      assert.deepEqual(seen({ start: b(2), end: b(4) }), [
        [2, 20, 40],
        [3, 30, 60],
      ]);
      assert.deepEqual(seen({ start: b(4), limit: 5 }), [
        [4, 40, 80],
        [5, 50, 100],
      ]);
      assert.deepEqual(seen({ end: b(3), reverse: true }), [
        [2, 20, 40],
        [1, 10, 20],
      ]);
      assert.deepEqual(seen({ start: b(9) }), []);
    });

    test("scan of an empty or unknown table yields nothing", () => {
      assert.deepEqual(keysOf(store, "never-written"), []);
    });

    test("returns values that stay intact after later reads and writes", async () => {
      await store.put("t", b(1), b(1, 1));
      await store.put("t", b(2), b(2, 2));
      const got = store.get("t", b(1))!;
      const scanned = [...store.scan("t")].map((e) => e.value);
      await store.put("t", b(1), b(9, 9));
      store.get("t", b(2));
      assert.deepEqual(arr(got), [1, 1]);
      assert.deepEqual(scanned.map(arr), [
        [1, 1],
        [2, 2],
      ]);
      assert.equal(got.byteLength, 2);
    });

    test("commits a batch as a whole", async () => {
      await store.put("t", b(1), b(1));
      await store.batch([
        { type: "put", table: "t", key: b(2), value: b(2) },
        { type: "delete", table: "t", key: b(1) },
        { type: "put", table: "u", key: b(3), value: b(3) },
      ]);
      assert.deepEqual(keysOf(store, "t"), [[2]]);
      assert.deepEqual(arr(store.get("u", b(3))), [3]);
    });

    test("commits nothing of a batch with an invalid key", async () => {
      await assert.rejects(
        store.batch([
          { type: "put", table: "t", key: b(1), value: b(1) },
          { type: "put", table: "t", key: b(), value: b(2) },
        ]),
        GcsArgumentError,
      );
      assert.equal(store.get("t", b(1)), undefined);
    });

    test("appends under 8-byte keys from 1 in commit order, also after a gap", async () => {
      const seq = (n: number) => [0, 0, 0, 0, 0, 0, 0, n];
      await store.batch([
        { type: "append", table: "log", value: b(1) },
        { type: "append", table: "log", value: b(2) },
      ]);
      await store.batch([{ type: "append", table: "log", value: b(3) }]);
      assert.deepEqual(keysOf(store, "log"), [seq(1), seq(2), seq(3)]);
      await store.delete("log", Uint8Array.from(seq(1)));
      await store.delete("log", Uint8Array.from(seq(3)));
      await store.batch([{ type: "append", table: "log", value: b(4) }]);
      assert.deepEqual(
        [...store.scan("log")].map((e) => [e.key[7], e.value[0]]),
        [
          [2, 2],
          [3, 4],
        ],
      );
    });

    test("transact reads its own writes and returns the callback's value", async () => {
      await store.put("t", b(1), b(5));
      const before = await store.transact((txn) => {
        const v = txn.get("t", b(1))![0]!;
        txn.put("t", b(1), b(v + 1));
        assert.deepEqual(arr(txn.get("t", b(1))), [6]);
        return v;
      });
      assert.equal(before, 5);
      assert.deepEqual(arr(store.get("t", b(1))), [6]);
    });

    test("transact commits nothing when the callback throws", async () => {
      await assert.rejects(
        store.transact((txn) => {
          txn.put("t", b(1), b(1));
          throw new Error("changed my mind");
        }),
        /changed my mind/,
      );
      assert.equal(store.get("t", b(1)), undefined);
    });

    test("rejects an empty key and an empty table name with a clear error", async () => {
      await assert.rejects(store.put("t", b(), b(1)), /a key must be a Uint8Array of 1 to/);
      assert.throws(() => store.get("", b(1)), /table name must be 1 to 200 characters/);
    });

    test("refuses use after close", async () => {
      await store.close();
      assert.throws(() => store.get("t", b(1)), /is closed: open it again/);
    });
  });
}
