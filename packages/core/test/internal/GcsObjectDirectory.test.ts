import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Gcs, createMemoryStore } from "@rayx/gcs";
import type { ObjectInfo } from "@rayx/gcs";
import { GcsObjectDirectory } from "../../src/internal/GcsObjectDirectory.js";

const ID = "0".repeat(40);

function info(locations: string[]): ObjectInfo {
  return { objectId: ID, size: 1024, locations, ownerId: "job-1", createdAt: 1 };
}

describe("GcsObjectDirectory", () => {
  it("lists a recorded object until it is removed, once its writes are flushed", async () => {
    const gcs = new Gcs(createMemoryStore());
    const directory = new GcsObjectDirectory(gcs);
    directory.record({ ...info(["node-a"]), producerTaskId: "task-7" });
    await directory.flushed();
    assert.deepEqual(await gcs.listObjects(), [{ ...info(["node-a"]), producerTaskId: "task-7" }]);
    directory.remove(ID);
    await directory.flushed();
    assert.deepEqual(await gcs.listObjects(), []);
  });

  it("rewrites a recorded object's locations as its copies move, keeping the rest of its record", async () => {
    const gcs = new Gcs(createMemoryStore());
    const directory = new GcsObjectDirectory(gcs);
    directory.record({ ...info(["node-a"]), producerTaskId: "task-7" });
    directory.relocate(ID, ["node-a", "node-b"]);
    await directory.flushed();
    assert.deepEqual(await gcs.getObject(ID), {
      ...info(["node-a", "node-b"]),
      producerTaskId: "task-7",
    });
    directory.relocate(ID, ["node-b"]);
    await directory.flushed();
    assert.deepEqual((await gcs.getObject(ID))?.locations, ["node-b"]);
  });

  it("writes nothing for an object it never recorded, nor after removing it", async () => {
    const gcs = new Gcs(createMemoryStore());
    const directory = new GcsObjectDirectory(gcs);
    directory.relocate(ID, ["node-b"]);
    await directory.flushed();
    assert.deepEqual(await gcs.listObjects(), []);
    directory.record(info(["node-a"]));
    directory.remove(ID);
    directory.relocate(ID, ["node-b"]);
    await directory.flushed();
    assert.deepEqual(await gcs.listObjects(), []);
  });
});
