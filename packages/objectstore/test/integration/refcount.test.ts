/**
 * Reference counting across the processes of a node: an object lives while any
 * process, pending task, containing object or zero-copy view holds it, and is freed
 * exactly when the last one lets go — explicitly, by garbage collection of a
 * tracked handle, or by the death of the holding process.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RefCodecRegistry, type ObjectStore } from "@rayx/objectstore";
import { collectUntil } from "../support/gc.js";
import { sessionPerTest } from "../support/tempSession.js";

const MiB = 1 << 20;
const current = sessionPerTest();

class Ref {
  constructor(readonly id: string) {}
}

describe("reference counting", () => {
  test("frees an object exactly when the last of a process, a task and another process lets go", async () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 64 * MiB });
    const child = session.fork({ objectStoreMemory: 64 * MiB });
    const id = await store.put({ payload: "shared" });
    await child.run("hold", id);
    await store.hold(id, "task:consumer-1");

    await store.release(id);
    assert.equal(store.contains(id), true, "the task and the child still hold it");
    await child.run("release", id);
    assert.equal(store.contains(id), true, "the pending task still needs it");
    assert.deepEqual(store.holders(id), ["task:consumer-1"]);
    assert.deepEqual(store.get(id), { payload: "shared" });

    await store.release(id, "task:consumer-1");
    assert.equal(store.contains(id), false);
    assert.equal(await child.run("contains", id), false);
    assert.equal(store.stats().objects, 0);
  });

  test("counts one hold per process however many handles it keeps", async () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 64 * MiB });
    const id = await store.put(1);
    await store.hold(id);
    await store.hold(id);
    assert.deepEqual(store.holders(id), [store.holder]);
    await store.release(id);
    await store.release(id);
    assert.equal(store.contains(id), true, "one of three local holds is left");
    await store.release(id);
    assert.equal(store.contains(id), false);
  });

  test("keeps an object alive while a stored object refers to it, and frees both in turn", async () => {
    const codecs = new RefCodecRegistry().register({
      name: "test.Ref",
      type: Ref,
      encode: (ref) => ref.id,
      decode: (id) => new Ref(id as string),
      objectIds: (ref) => [ref.id],
    });
    const session = current();
    const store = session.open({ objectStoreMemory: 64 * MiB, codecs });
    const inner = await store.put("inner value");
    const outer = await store.put({ child: new Ref(inner) });
    assert.deepEqual(store.holders(inner).sort(), [`obj:${outer}`, store.holder].sort());

    await store.release(inner);
    assert.equal(store.contains(inner), true, "the outer object refers to it");
    assert.equal(store.get<{ child: Ref }>(outer).child.id, inner);
    await store.release(outer);
    assert.equal(store.contains(outer), false);
    assert.equal(store.contains(inner), false, "freeing the container released its nested ref");
  });

  test("releases a tracked handle once it is garbage collected", async () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 64 * MiB });
    const id = await trackedPut(store);
    assert.equal(store.contains(id), true);
    await collectUntil(async () => {
      await store.flush();
      return !store.contains(id);
    });
  });

  test("never frees an object while a zero-copy view of it is alive", async () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 256 * MiB });
    const id = await store.put(new Uint8Array(17 * MiB).fill(9));
    // The view lives only inside this function; once it returns, nothing refers to it.
    await (async () => {
      const view = store.get<Uint8Array>(id, { zeroCopy: true });
      await store.release(id);
      await store.flush();
      assert.equal(store.contains(id), true, "the view pins it");
      assert.equal(view[17 * MiB - 1], 9);
    })();
    await collectUntil(async () => {
      await store.flush();
      return !store.contains(id);
    });
  });

  test("frees a deleted object as soon as its last view is released explicitly", async () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 256 * MiB });
    const id = await store.put(new Uint8Array(17 * MiB).fill(4));
    const view = store.get<Uint8Array>(id, { zeroCopy: true });
    await store.delete(id);
    assert.equal(store.contains(id), true, "the view pins it");
    store.releaseView(view);
    assert.equal(store.contains(id), false);
    assert.equal(store.stats().usedBytes, 0);
  });

  test("sweeps the holds of a process killed with SIGKILL", async () => {
    const session = current();
    const store = session.open({ objectStoreMemory: 64 * MiB });
    const child = session.fork({ objectStoreMemory: 64 * MiB });
    const id = await store.put("held by the child");
    await child.run("hold", id);
    const childHolder = (await child.run("holder")) as string;
    await store.release(id);
    assert.deepEqual(store.holders(id), [childHolder]);
    await child.kill();
    assert.equal(await store.sweepDeadHolders(), 1);
    assert.equal(store.contains(id), false);
  });
});

/** Puts a value tied to a handle that goes out of scope on return. */
async function trackedPut(store: ObjectStore): Promise<string> {
  const handle = {};
  return store.put("tracked", { handle });
}
