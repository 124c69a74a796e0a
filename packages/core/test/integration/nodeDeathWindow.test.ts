import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ObjectLostError, get, state } from "@rayx/core";
import { useCluster } from "../fixtures/nodeCluster.js";
import { filledHere, putHere, sumWhere } from "../fixtures/nodeTasks.js";

/** 20,000 doubles: 160 KB, above the inline limit, so the value stays in its node's store. */
const N = 20_000;

/** The id the GCS objects table lists an object of node `nodeId` by, once it is listed there alone; fails after 10 s. */
async function onlyOn(nodeId: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const info = (await state.listObjects()).filter((o) => o.locations.includes(nodeId));
    if (info.length === 1 && info[0]!.locations.length === 1) return info[0]!.objectId;
    assert.ok(Date.now() < deadline, `objects on ${nodeId}: ${JSON.stringify(info)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("objects of a node killed just before they are read", () => {
  const cluster = useCluster("node-death-window", 1, [
    { numWorkers: 1, resources: { reader: 1 } },
    // Two workers: the task \`filledHere\` submits runs beside it, on its node.
    { numWorkers: 2, resources: { doomed: 1 } },
    { numWorkers: 1, resources: { putter: 1 } },
  ]);
  const killNow = (index: number) => {
    for (const pid of cluster.processesOf(cluster.nodes[index]!)) process.kill(pid, "SIGKILL");
  };

  it("rebuilds a task's result by lineage when the pull from its dead node fails, for a task and the driver", async () => {
    const [made] = await get(filledHere.options({ resources: { doomed: 1 } }).remote(N, 3));
    await onlyOn(cluster.nodes[1]!.nodeId);
    killNow(1); // the reads below go out before the head sees the node's connection close
    const summed = get(sumWhere.options({ resources: { reader: 1 } }).remote(made));
    const value = await get(made);
    assert.equal(value.length, N);
    assert.deepEqual([value[0], value[N - 1]], [3, 3]);
    assert.deepEqual(await summed, [3 * N, cluster.nodes[0]!.sessionDir]);
  });

  it("fails a read of a put object whose only node died with ObjectLostError naming the object and node", async () => {
    const [ref] = await get(putHere.options({ resources: { putter: 1 } }).remote(N, 5));
    const putter = cluster.nodes[2]!.nodeId;
    killNow(2);
    await assert.rejects(
      get(ref),
      (error: unknown) =>
        error instanceof ObjectLostError &&
        error.message.includes(ref.id) &&
        error.message.includes(putter),
    );
  });
});
