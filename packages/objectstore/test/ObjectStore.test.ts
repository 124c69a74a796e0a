/**
 * The object store in one process, on a real LMDB env: values round-trip, large
 * typed arrays come back as views on the shared pages, capacity is enforced, and
 * bad input or a corrupt entry fails with a clear error.
 */
import assert from "node:assert/strict";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { describe, test } from "node:test";
import { open } from "lmdb";
import {
  InvalidObjectIdError,
  InvalidObjectStoreOptionError,
  ObjectCorruptError,
  ObjectLostError,
  ObjectStoreDamagedError,
  ObjectStoreFullError,
  SerializationError,
  newObjectId,
  openObjectStore,
} from "@rayx/objectstore";
import { sessionPerTest } from "./support/tempSession.js";

const MiB = 1 << 20;
const current = sessionPerTest();

describe("ObjectStore", () => {
  test("stores every codec type and reads it back equal", async () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 256 * MiB });
    const value = {
      text: "héllo",
      numbers: [1, -0, NaN, Infinity, 2 ** 53],
      big: -(2n ** 70n),
      map: new Map([["k", new Set([1, 2])]]),
      date: new Date(12345),
      regexp: /x/g,
      error: new RangeError("out of range"),
      none: undefined,
      nil: null,
      small: new Int16Array([1, -2, 3]),
      medium: new Float32Array(64 * 1024).fill(0.5), // 256 KiB: an external segment
      buffer: Buffer.from("bytes"),
    };
    const id = await store.put(value);
    const back = store.get<typeof value>(id);
    assert.deepEqual({ ...back, error: undefined }, { ...value, error: undefined });
    assert.ok(back.error instanceof RangeError);
    assert.equal(back.error.message, "out of range");
    assert.ok(store.contains(id));
    assert.ok(store.size(id) > 256 * 1024);
  });

  test("returns a copy of its own that its reader may write into, however large", async () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 256 * MiB });
    const id = await store.put(new Float64Array((20 * MiB) / 8).map((_, i) => i));
    const mine = store.get<Float64Array>(id);
    assert.equal(mine.buffer.byteLength, mine.byteLength, "the array has its own buffer");
    mine.fill(-1);
    const again = store.get<Float64Array>(id, { zeroCopy: true });
    assert.deepEqual([again[0], again[12345], again[again.length - 1]], [0, 12345, 2621439]);
  });

  test("returns typed arrays of 16 MiB or more as views on the shared pages with zeroCopy, and copies smaller ones", async () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 256 * MiB });
    const large = new Float64Array((20 * MiB) / 8).map((_, i) => i);
    const small = new Float64Array(1000).fill(7);
    const id = await store.put({ large, small });
    const back = store.get<{ large: Float64Array; small: Float64Array }>(id, { zeroCopy: true });
    assert.equal(back.large.length, large.length);
    assert.equal(back.large[12345], 12345);
    assert.ok(
      back.large.buffer.byteLength > back.large.byteLength,
      "the large array is a view on the map",
    );
    assert.equal(
      back.small.buffer.byteLength,
      back.small.byteLength,
      "the small array has its own buffer",
    );
    assert.ok(
      store.holders(id).some((h) => h.startsWith("pin:")),
      "the viewed object is pinned",
    );
  });

  test("reads the value as it was at put time, whatever the caller changes afterwards", async () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 256 * MiB });
    const array = new Uint8Array(100 * 1024).fill(1);
    const object = { n: 1 };
    const pending = store.put({ array, object });
    array.fill(2);
    object.n = 2;
    const back = store.get<{ array: Uint8Array; object: { n: number } }>(await pending);
    assert.equal(back.array[0], 1);
    assert.equal(back.object.n, 1);
  });

  test("deletes an object whoever holds it", async () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 64 * MiB });
    const id = await store.put("x");
    await store.hold(id, "task:t1");
    await store.delete(id);
    assert.equal(store.contains(id), false);
    assert.throws(() => store.get(id), ObjectLostError);
    assert.equal(store.stats().objects, 0);
    assert.equal(store.stats().usedBytes, 0);
  });

  test("creates the env dir 0700 and its files 0600", () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 64 * MiB });
    assert.equal(statSync(store.dir).mode & 0o777, 0o700);
    assert.equal(statSync(`${store.dir}/data.mdb`).mode & 0o777, 0o600);
    assert.equal(statSync(store.spillDir).mode & 0o777, 0o700);
  });

  test("puts the env on memory-backed pages by default when the host has /dev/shm", () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 64 * MiB });
    assert.match(store.dir, /^\/dev\/shm\/rayx-/);
    const again = openObjectStore({ sessionDir: session.sessionDir, objectStoreMemory: 64 * MiB });
    assert.equal(again.dir, store.dir, "every process of the node derives the same dir");
    return again.close();
  });

  test("refuses an env file whose meta page is damaged with ObjectStoreDamagedError naming it", async () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 64 * MiB });
    await store.put("some value");
    await store.close();
    const file = `${store.dir}/data.mdb`;
    const bytes = readFileSync(file);
    bytes.fill(0xff, 0, 24); // meta page 0's header
    writeFileSync(file, bytes);
    assert.throws(
      () => openObjectStore({ sessionDir: session.sessionDir, objectStoreMemory: 64 * MiB }),
      (error: unknown) =>
        error instanceof ObjectStoreDamagedError &&
        error.code === "OBJECT_STORE_DAMAGED" &&
        error.message ===
          `object store file ${file} is damaged: meta page 0 has a bad header (flags 0xffff, ` +
            `magic 0xbeefc0de). The object store is a cache: stop the node, remove ${store.dir} ` +
            "and start the node again (objects with lineage are rebuilt)",
    );
  });

  test("rejects a value larger than the whole capacity with ObjectStoreFullError", async () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 1 * MiB });
    await assert.rejects(
      store.put(new Uint8Array(2 * MiB)),
      (error: unknown) =>
        error instanceof ObjectStoreFullError &&
        error.code === "OBJECT_STORE_FULL" &&
        /raise objectStoreMemory/.test(error.message),
    );
  });

  test("fails with ObjectStoreFullError when only pinned objects could be spilled", async () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 40 * MiB });
    const id = await store.put(new Uint8Array(24 * MiB));
    const view = store.get<Uint8Array>(id, { zeroCopy: true }); // pinned while we hold it
    await assert.rejects(store.put(new Uint8Array(24 * MiB)), ObjectStoreFullError);
    assert.equal(view.length, 24 * MiB);
    assert.equal(store.stats().spilledObjects, 0);
  });

  test("names the path of an unserializable part of a put", async () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 64 * MiB });
    await assert.rejects(
      store.put([1, { cb() {} }], { root: "args" }),
      (error: unknown) => error instanceof SerializationError && error.path === "args[1].cb",
    );
    assert.equal(store.stats().objects, 0);
  });

  test("rejects a malformed id, an unknown id and a reused id", async () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 64 * MiB });
    assert.throws(() => store.get("not-an-id"), InvalidObjectIdError);
    const unknown = newObjectId();
    assert.throws(
      () => store.get(unknown),
      (error: unknown) =>
        error instanceof ObjectLostError &&
        error.message ===
          `object ${unknown} is lost: it is not in this node's store (never put here, or already freed); rebuild it from lineage (run the task that made it again) or put it again`,
    );
    const id = await store.put(1);
    await assert.rejects(store.put(2, { id }), /already exists; objects are written once/);
    assert.equal(store.get(id), 1);
  });

  test("rejects invalid options with the option's name", () => {
    const { sessionDir } = current();
    assert.throws(
      () => openObjectStore({ sessionDir, objectStoreMemory: -1 }),
      (error: unknown) =>
        error instanceof InvalidObjectStoreOptionError && /objectStoreMemory/.test(error.message),
    );
    assert.throws(() => openObjectStore({ sessionDir: "" }), /sessionDir: is required/);
  });

  test("reports a corrupt entry as ObjectCorruptError naming the object", async () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 64 * MiB });
    const id = await store.put({ a: 1 });
    const env = open({ path: store.dir, noSync: true, useWritemap: true, mapSize: 4 * 2 ** 30 });
    const objects = env.openDB<Buffer, string>({ name: "objects", encoding: "binary" });
    await objects.put(id, Buffer.from("garbage!garbage!garbage!"));
    await env.close();
    assert.throws(
      () => store.get(id),
      (error: unknown) =>
        error instanceof ObjectCorruptError &&
        error.message.includes(id) &&
        /RXO1/.test(error.message),
    );
  });
});
