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

  it("gives each location with its node's transfer address, once per node", async () => {
    const gcs = new Gcs(createMemoryStore());
    const addresses: Record<string, string> = { "node-a": "ws://a:1", "node-b": "ws://b:2" };
    const directory = new GcsObjectDirectory(gcs, (nodeId) => Promise.resolve(addresses[nodeId]));
    directory.record(info(["node-a"]));
    await directory.flushed();
    await directory.addLocation(ID, { nodeId: "node-b", address: "ws://b:2" });
    await directory.addLocation(ID, { nodeId: "node-b", address: "ws://b:2" });
    assert.deepEqual(await directory.locations(ID), [
      { nodeId: "node-a", address: "ws://a:1" },
      { nodeId: "node-b", address: "ws://b:2" },
    ]);
  });

  it("has no location for an object it never recorded, and skips nodes without an address", async () => {
    const gcs = new Gcs(createMemoryStore());
    const directory = new GcsObjectDirectory(gcs, () => Promise.resolve(undefined));
    assert.deepEqual(await directory.locations(ID), []);
    await directory.addLocation(ID, { nodeId: "node-b", address: "ws://b:2" });
    assert.deepEqual(await directory.locations(ID), []);
    directory.record(info(["node-a"]));
    await directory.flushed();
    assert.deepEqual(await directory.locations(ID), []);
  });
});
