/** memoryReport: bytes per node holding copies, spilled bytes, the largest objects. */
import type { ObjectInfo } from "@rayx/gcs";
import assert from "node:assert/strict";
import { test } from "node:test";
import { memoryReport } from "../../src/internal/memoryReport.js";

const object = (
  objectId: string,
  size: number,
  locations: string[],
  spilledUrl?: string,
): ObjectInfo => ({
  objectId,
  size,
  locations,
  ownerId: "o",
  ...(spilledUrl === undefined ? {} : { spilledUrl }),
  createdAt: 0,
});

test("counts an object on every node holding a copy, once per node, most bytes first", () => {
  const report = memoryReport([object("x", 10, ["n1", "n2", "n1"]), object("y", 100, ["n2"])], 5);
  assert.deepEqual(report.nodes, [
    { nodeId: "n2", objects: 2, bytes: 110 },
    { nodeId: "n1", objects: 1, bytes: 10 },
  ]);
  assert.equal(report.bytes, 110);
});

test("sums spilled objects and lists the largest first, ties by id, cut at top", () => {
  const report = memoryReport(
    [object("b", 5, [], "file:///s/b"), object("a", 5, []), object("c", 1, [], "")],
    2,
  );
  assert.deepEqual(report.spilled, { objects: 1, bytes: 5 });
  assert.deepEqual(
    report.largest.map((o) => o.objectId),
    ["a", "b"],
  );
});
