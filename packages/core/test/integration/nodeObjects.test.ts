import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { get, state, wait } from "@rayx/core";
import { useCluster } from "../fixtures/nodeCluster.js";
import { filled, sumWhere } from "../fixtures/nodeTasks.js";

/** 20,000 doubles: 160 KB, above the inline limit, so the value stays in its node's store. */
const N = 20_000;

describe("objects across nodes", () => {
  const cluster = useCluster("node-objects", 1, [
    { numWorkers: 1, resources: { maker: 1 } },
    { numWorkers: 1, resources: { reader: 1 } },
  ]);
  const onMaker = filled.options({ resources: { maker: 1 } });
  const onReader = sumWhere.options({ resources: { reader: 1 } });

  it("reads an object made on one node from a task on another and from the driver", async () => {
    const made = onMaker.remote(N, 2);
    const [total, where] = await get(onReader.remote(made));
    assert.equal(total, 2 * N);
    assert.equal(where, cluster.nodes[1]!.sessionDir);
    const value = await get(made);
    assert.equal(value.length, N);
    assert.equal(value[N - 1], 2);
  });

  it("rebuilds a result lost with its node by running its task again on a node that joins", async () => {
    const made = onMaker.remote(N, 3);
    assert.deepEqual((await wait([made])).ready, [made]);
    const maker = cluster.nodes[0]!;
    await cluster.killNode(maker);
    const comeback = await cluster.join({ numWorkers: 1, resources: { maker: 1 } });
    const [again, where] = await get(onReader.remote(made));
    assert.equal(again, 3 * N);
    assert.equal(where, cluster.nodes[1]!.sessionDir);
    const nodes = await state.listNodes();
    assert.equal(nodes.find((n) => n.nodeId === maker.nodeId)?.state, "dead");
    assert.equal(nodes.find((n) => n.nodeId === comeback.nodeId)?.state, "alive");
  });
});
