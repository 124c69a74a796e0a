import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { get, state, wait } from "@rayx/core";
import { useCluster } from "../fixtures/nodeCluster.js";
import { filled, relaySum, sumWhere, whereAfter, whereNested } from "../fixtures/nodeTasks.js";

/** 2,500,000 doubles: a 20 MB value, kept in the store of the node that made it. */
const N = 2_500_000;

describe("placing a task where its arguments' bytes are", () => {
  // The head's worker comes first among equals: a task placed by load alone would run there.
  const cluster = useCluster("node-locality", 1, [{ numWorkers: 2, resources: { maker: 2 } }]);
  const onMaker = { resources: { maker: 1 } };

  it("runs a task taking a 20 MB object on the node holding it, without pulling it", async () => {
    const maker = cluster.nodes[0]!;
    // Submitted from the maker node itself: a submitter gets the result of what it submits
    // into its own node, so a task submitted by the driver would bring the object to the head.
    const [total, where, made] = await get(relaySum.options(onMaker).remote(N, 3));
    assert.equal(total, 3 * N);
    assert.equal(where, maker.sessionDir);
    // Listed by size: a stored result's object-store id is not its ref's.
    const listed = (await state.listObjects()).filter((o) => o.size >= 8 * N);
    assert.deepEqual(
      listed.map((o) => o.locations),
      [[maker.nodeId]],
      "the object stays on its node only",
    );
    assert.equal((await get(made)).length, N, "and is read by the driver on demand");
  });

  it("runs a task a worker submits on that worker's node when it can (bottom-up)", async () => {
    const maker = cluster.nodes[0]!;
    const [outer, inner] = await get(whereNested.options(onMaker).remote());
    assert.deepEqual([outer, inner], [maker.sessionDir, maker.sessionDir]);
  });

  it("runs it elsewhere, pulling the bytes, when that node has no free cpu", async () => {
    const maker = cluster.nodes[0]!;
    const made = filled.options(onMaker).remote(N, 2);
    assert.deepEqual((await wait([made])).ready, [made]);
    const busy = [1, 2].map(() => whereAfter.options(onMaker).remote(1_000));
    const [total, where] = await get(sumWhere.remote(made));
    assert.equal(total, 2 * N);
    assert.equal(where, cluster.head.sessionDir);
    assert.deepEqual(await get(busy), [maker.sessionDir, maker.sessionDir]);
  });
});
