/**
 * Processes of one node share the object store: what one process puts, another
 * reads, including a 256 MiB typed array that the reader gets as a zero-copy view
 * on the shared pages.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import { sessionPerTest } from "../support/tempSession.js";

const MiB = 1 << 20;
const current = sessionPerTest();

describe("one store across processes", () => {
  test("reads in a child what the parent put, and in the parent what the child put", async () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 128 * MiB });
    const child = session.fork({ objectStoreMemory: 128 * MiB });
    const value = {
      greeting: "hello",
      when: new Date(5),
      tags: new Set(["a"]),
      data: new Int32Array([1, -2]),
    };
    const id = await store.put(value);
    assert.deepEqual(await child.run("get", id), value);

    const fromChild = (await child.run("put", { answer: 42n, list: [1, "two"] })) as string;
    assert.deepEqual(store.get(fromChild), { answer: 42n, list: [1, "two"] });
  });

  test("puts a 256 MiB typed array in one process and reads it whole in another, as a view on the shared pages", async () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 768 * MiB });
    const child = session.fork({ objectStoreMemory: 768 * MiB });
    const array = new Float64Array((256 * MiB) / 8);
    for (let i = 0; i < array.length; i += 4096) array[i] = i;
    const expected = createHash("sha256").update(new Uint8Array(array.buffer)).digest("hex");
    const id = await store.put(array);
    const seen = (await child.run("describe", id)) as {
      sha256: string;
      length: number;
      onSharedPages: boolean;
    };
    assert.deepEqual(seen, { sha256: expected, length: 256 * MiB, onSharedPages: true });

    const back = (await child.run("putFilled", 32 * MiB, 2.5)) as { id: string; sha256: string };
    const read = store.get<Float64Array>(back.id);
    assert.equal(read.length, (32 * MiB) / 8);
    assert.equal(
      createHash("sha256")
        .update(new Uint8Array(read.buffer, read.byteOffset, read.byteLength))
        .digest("hex"),
      back.sha256,
    );
  });
});
