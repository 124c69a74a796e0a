import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { get, kill, spawn, state } from "@rayx/core";
import type { NodeInfo } from "@rayx/gcs";
import { Counter } from "../fixtures/actors.js";
import { useCluster } from "../fixtures/nodeCluster.js";
import { whereAfter } from "../fixtures/nodeTasks.js";
import { span } from "../fixtures/resourceWork.js";

/** Polls the GCS node records until each listed node reports `used`; fails after 10 s. */
async function usedBecomes(
  expected: Readonly<Record<string, Readonly<Record<string, number>>>>,
): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const nodes: readonly NodeInfo[] = await state.listNodes();
    const used = Object.fromEntries(
      Object.keys(expected).map((id) => [id, nodes.find((n) => n.nodeId === id)?.resourcesUsed]),
    );
    if (JSON.stringify(used) === JSON.stringify(expected)) return;
    assert.ok(Date.now() < deadline, `resources used: ${JSON.stringify(used)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("resources used per node", () => {
  const cluster = useCluster("node-resources", 1, [{ numWorkers: 2, resources: { joined: 1 } }]);

  it("records what an actor and a running task hold on their nodes with each heartbeat round", async () => {
    const [head, joined] = [cluster.head.nodeId, cluster.nodes[0]!.nodeId];
    const counter = await spawn(Counter, [0], { resources: { cpu: 1, joined: 1 } });
    const running = whereAfter.options({ resources: { cpu: 1 } }).remote(1_500);
    // The task takes the only free cpu it finds first: the head's (its worker comes first).
    await usedBecomes({ [head]: { cpu: 1 }, [joined]: { cpu: 1, joined: 1 } });
    assert.equal(await get(running), cluster.head.sessionDir);
    await usedBecomes({ [head]: { cpu: 0 }, [joined]: { cpu: 1, joined: 1 } });
    await kill(counter);
    await usedBecomes({ [head]: { cpu: 0 }, [joined]: { cpu: 0, joined: 0 } });
  });

  it("runs the tasks asking for a resource only a joined node has there, one at a time when it has one", async () => {
    const spans = await get(
      Array.from({ length: 4 }, () => span.options({ resources: { joined: 1 } }).remote(60)),
    );
    assert.deepEqual(
      spans.map(([, , where]) => where),
      Array.from({ length: 4 }, () => cluster.nodes[0]!.sessionDir),
    );
    const sorted = [...spans].sort((a, b) => a[0] - b[0]);
    const overlapping = sorted.filter((s, i) => i > 0 && s[0] < sorted[i - 1]![1]);
    assert.deepEqual(overlapping, [], JSON.stringify(sorted));
  });
});
