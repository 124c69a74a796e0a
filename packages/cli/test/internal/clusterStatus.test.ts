/** clusterStatus: resources (used/total) of alive nodes only, counts by state. */
import type { NodeInfo } from "@rayx/gcs";
import assert from "node:assert/strict";
import { test } from "node:test";
import { clusterStatus, countByState } from "../../src/internal/clusterStatus.js";

const node = (
  nodeId: string,
  state: NodeInfo["state"],
  resources: Record<string, number>,
): NodeInfo => ({
  nodeId,
  address: "",
  hostname: "h",
  pid: 1,
  resources,
  state,
  startedAt: 0,
  lastHeartbeatAt: 0,
});

test("sums the resources of alive nodes only", () => {
  const status = clusterStatus({
    nodes: [
      node("a", "alive", { cpu: 2 }),
      node("b", "alive", { cpu: 4, gpu: 1 }),
      node("c", "dead", { cpu: 8 }),
    ],
    jobs: [],
    actors: [],
    tasks: [],
    objects: [],
  });
  assert.deepEqual(status.nodes, { alive: 2, dead: 1 });
  assert.deepEqual(status.resources, { cpu: 6, gpu: 1 });
});

test("reports the resources used of each node, 0 for those it has not reported, summed over alive nodes", () => {
  const status = clusterStatus({
    nodes: [
      { ...node("a", "alive", { cpu: 2, gpu: 1 }), resourcesUsed: { cpu: 1 } },
      { ...node("b", "alive", { cpu: 4 }), resourcesUsed: { cpu: 3 } },
      { ...node("c", "dead", { cpu: 8 }), resourcesUsed: { cpu: 8 } },
    ],
    jobs: [],
    actors: [],
    tasks: [],
    objects: [],
  });
  assert.deepEqual(
    status.byNode.map((n) => n.resourcesUsed),
    [{ cpu: 1, gpu: 0 }, { cpu: 3 }, { cpu: 8 }],
  );
  assert.deepEqual(status.resourcesUsed, { cpu: 4, gpu: 0 });
});

test("counts records per state, leaving out states with none", () => {
  assert.deepEqual(countByState([{ state: "alive" }, { state: "crashed" }, { state: "alive" }]), {
    alive: 2,
    crashed: 1,
  });
});
