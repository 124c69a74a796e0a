import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { setImmediate as nextTurn } from "node:timers/promises";
import { ObjectLostError, newObjectId, openObjectStore } from "@rayx/objectstore";
import { ObjectRef } from "@rayx/core";
import { ObjectTable } from "../../src/internal/ObjectTable.js";
import type { ObjectTableHooks } from "../../src/internal/ObjectTable.js";
import { encodeValue } from "../../src/internal/wireCodec.js";

const sessionDir = mkdtempSync(join(tmpdir(), "rayx-object-table-"));
const store = openObjectStore({ sessionDir, objectStoreMemory: 64 * 1024 * 1024 });
after(async () => {
  try {
    await store.destroy();
  } finally {
    rmSync(sessionDir, { recursive: true, force: true });
  }
});

/** A table on the test's store whose hooks record what happened. */
function table(rebuild: (id: string) => boolean = () => false): {
  objects: ObjectTable;
  freed: string[];
  stored: string[];
  unstored: string[];
} {
  const freed: string[] = [];
  const stored: string[] = [];
  const unstored: string[] = [];
  const hooks: ObjectTableHooks = {
    stored: (_id, storedId) => stored.push(storedId),
    unstored: (storedId) => unstored.push(storedId),
    freed: (id) => freed.push(id),
    rebuild,
  };
  return { objects: new ObjectTable(store, hooks), freed, stored, unstored };
}

const big = () => new Float64Array(20_000).fill(7);

/** A new object whose only hold went before it settled. */
async function unheldBeforeSettling(objects: ObjectTable): Promise<string> {
  const id = newObjectId();
  objects.create(id);
  objects.refs.hold(id);
  objects.refs.release(id);
  await nextTurn();
  return id;
}

describe("ObjectTable", () => {
  it("frees a settled inline object with its last hold, and then the refs inside it", async () => {
    const { objects, freed } = table();
    const inner = newObjectId();
    const outer = newObjectId();
    objects.put(inner, 1);
    objects.put(outer, { nested: new ObjectRef(inner) });
    objects.refs.hold(inner);
    objects.refs.hold(outer);
    objects.refs.release(inner);
    await nextTurn();
    assert.deepEqual(freed, [], "the outer value still holds the inner object");
    objects.refs.release(outer);
    await nextTurn();
    await nextTurn();
    assert.deepEqual(freed, [outer, inner]);
  });

  it("keeps an object whose count reached zero before it settled but that was held again", async () => {
    const { objects, freed } = table();
    const id = await unheldBeforeSettling(objects);
    assert.deepEqual(freed, [], "not settled yet: freed once settled");
    objects.refs.hold(id); // a ref made anew
    objects.settle(id, { kind: "bytes", bytes: encodeValue("kept") });
    assert.equal(await objects.value(id), "kept");
    objects.refs.release(id);
    await nextTurn();
    assert.deepEqual(freed, [id]);
  });

  it("frees an object that nobody held any more once it settles", async () => {
    const { objects, freed } = table();
    const id = await unheldBeforeSettling(objects);
    objects.settle(id, { kind: "bytes", bytes: encodeValue(1) });
    assert.deepEqual(freed, [id]);
  });

  it("calls a settle listener once, at once for a settled object, never after it stops", () => {
    const { objects } = table();
    const [early, late, stopped] = [newObjectId(), newObjectId(), newObjectId()];
    objects.put(early, "early");
    objects.create(late);
    objects.create(stopped);
    const heard: string[] = [];
    objects.onSettled(early, (o) => heard.push(`early:${o.kind}`));
    objects.onSettled(late, (o) => heard.push(`late:${o.kind}`));
    const stop = objects.onSettled(stopped, (o) => heard.push(`stopped:${o.kind}`));
    stop();
    objects.settle(late, { kind: "bytes", bytes: encodeValue(1) });
    objects.settle(stopped, { kind: "bytes", bytes: encodeValue(2) });
    objects.settle(late, { kind: "bytes", bytes: encodeValue(3) });
    assert.deepEqual(heard, ["early:bytes", "late:bytes"]);
  });

  it("holds the arguments of the call making an object until it settles", async () => {
    const { objects, freed } = table();
    const arg = newObjectId();
    const result = newObjectId();
    objects.put(arg, "argument");
    objects.refs.hold(arg);
    objects.create(result, [arg]);
    objects.refs.release(arg);
    await nextTurn();
    assert.deepEqual(freed, []);
    objects.settle(result, { kind: "bytes", bytes: encodeValue(2) });
    await nextTurn();
    assert.deepEqual(freed, [arg]);
  });

  it("releases the node's hold on a freed stored object, which leaves the store", async () => {
    const { objects, freed, stored, unstored } = table();
    const id = newObjectId();
    objects.put(id, big());
    objects.refs.hold(id);
    assert.equal(((await objects.value(id)) as Float64Array)[0], 7);
    assert.deepEqual(stored, [id]);
    objects.refs.release(id);
    await nextTurn();
    assert.deepEqual([freed, unstored], [[id], [id]]);
    await store.flush();
    assert.equal(store.contains(id), false);
  });

  it("rebuilds a stored object found missing through the rebuild hook", async () => {
    let rebuilt = 0;
    const { objects } = table((id) => {
      rebuilt++;
      objects.reset(id);
      void store.put(big(), { id: "f".repeat(40) }).then((storedId) => {
        objects.settle(id, { kind: "stored", objectId: storedId });
      });
      return true;
    });
    const id = newObjectId();
    objects.put(id, big());
    objects.refs.hold(id);
    await objects.outcome(id);
    await store.delete(id);
    assert.equal(((await objects.value(id)) as Float64Array)[19_999], 7);
    assert.equal(rebuilt, 1);
  });

  it("fails a missing stored object without lineage with ObjectLostError", async () => {
    const { objects, unstored } = table();
    const id = newObjectId();
    objects.put(id, big());
    objects.refs.hold(id);
    await objects.outcome(id);
    await store.delete(id);
    await assert.rejects(objects.value(id), (error: unknown) => {
      assert.ok(error instanceof ObjectLostError);
      assert.equal(error.objectId, id);
      assert.equal(
        error.message,
        `object ${id} is lost: its bytes are gone from the object store; it has no lineage to rebuild it from (put() or an actor call made it, not a task): make it again`,
      );
      return true;
    });
    assert.deepEqual(unstored, [id]);
  });
});
