import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NodeJoinError, get, put, state, wait } from "@rayx/core";
import { startNode } from "@rayx/core/node";
import { openObjectStore } from "@rayx/objectstore";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { useCluster } from "../fixtures/nodeCluster.js";
import { filled, sumWhere } from "../fixtures/nodeTasks.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** 20,000 doubles: 160 KB, above the inline limit, so the value stays in its node's store. */
const N = 20_000;

/** Polls the GCS objects table until `objectId` is listed at exactly `nodeIds`; fails after 10 s. */
async function locatedAt(objectId: string, nodeIds: readonly string[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const info = (await state.listObjects()).find((o) => o.objectId === objectId);
    if (JSON.stringify(info?.locations) === JSON.stringify(nodeIds)) return;
    assert.ok(Date.now() < deadline, `${objectId} listed at ${info?.locations.join(",")}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("objects across nodes", () => {
  const cluster = useCluster("node-objects", 1, [
    { numWorkers: 1, resources: { maker: 1 } },
    { numWorkers: 1, resources: { reader: 1 } },
  ]);
  const onMaker = filled.options({ resources: { maker: 1 } });
  const onReader = sumWhere.options({ resources: { reader: 1 } });

  it("frees a result kept in a node's store once the driver's last ref to it is collected", async () => {
    const reader = cluster.nodes[1]!;
    const store = openObjectStore({ sessionDir: reader.sessionDir });
    try {
      assert.equal(
        store.stats().objects,
        0,
        "the first test of the file: the node holds nothing yet",
      );
      await (async () => {
        const made = filled.options({ resources: { reader: 1 } }).remote(N, 7);
        assert.deepEqual((await wait([made])).ready, [made]);
        assert.equal(store.stats().objects, 1);
      })();
      const deadline = Date.now() + 15_000;
      while (store.stats().objects !== 0) {
        assert.ok(Date.now() < deadline, "the node's store frees the result");
        gc();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await store.close();
    }
  });

  it("reads an object made on one node from a task on another and from the driver", async () => {
    const [maker, reader] = [cluster.nodes[0]!.nodeId, cluster.nodes[1]!.nodeId];
    const made = onMaker.remote(N, 2);
    const [total, where] = await get(onReader.remote(made));
    assert.equal(total, 2 * N);
    const listed = (await state.listObjects()).filter((o) => o.locations.includes(maker));
    assert.equal(listed.length, 1, "the GCS lists the result where it was made");
    assert.ok(listed[0]!.size > 8 * N, `its size (${listed[0]!.size}) is the array's and more`);
    assert.equal(where, cluster.nodes[1]!.sessionDir);
    const { objectId } = listed[0]!;
    const value = await get(made);
    assert.equal(value.length, N);
    assert.equal(value[N - 1], 2);
    // The objects table lists each copy: made on the maker, pulled to the reader and the head.
    await locatedAt(objectId, [cluster.head.nodeId, maker, reader]);
  });

  it("rebuilds a result lost with its node by running its task again on a node that joins", async () => {
    const made = onMaker.remote(N, 3);
    assert.deepEqual((await wait([made])).ready, [made]);
    const maker = cluster.nodes[0]!;
    await cluster.killNode(maker);
    const comeback = await cluster.join({ numWorkers: 1, resources: { maker: 1 } });
    // A value put in the driver lives in the head's store; the node pulls it from there.
    const [again, where] = await get(onReader.remote(made));
    assert.equal(again, 3 * N);
    assert.equal(where, cluster.nodes[1]!.sessionDir);
    const nodes = await state.listNodes();
    assert.equal(nodes.find((n) => n.nodeId === maker.nodeId)?.state, "dead");
    assert.equal(nodes.find((n) => n.nodeId === comeback.nodeId)?.state, "alive");
  });
});

describe("a cluster with a token", () => {
  const token = "s3cret-token-for-tests";
  const cluster = useCluster("node-token", 1, [{ numWorkers: 1, resources: { maker: 1 } }], token);

  it("moves objects both ways between the head and a node, each sending the token", async () => {
    const made = filled.options({ resources: { maker: 1 } }).remote(N, 4);
    assert.equal((await get(made))[0], 4); // pulled from the node by the head
    // A value put in the driver lives in the head's store; the node pulls it from there.
    const [again, where] = await get(
      sumWhere.options({ resources: { maker: 1 } }).remote(put(new Float64Array(N).fill(5))),
    );
    assert.equal(again, 5 * N);
    assert.equal(where, cluster.nodes[0]!.sessionDir);
  });

  it("refuses a node with another token, naming the head's address", async () => {
    const storageDir = mkdtempSync(join(tmpdir(), "rayx-wrong-token-"));
    try {
      await assert.rejects(
        startNode({ address: cluster.head.address, storageDir, token: "wrong", numWorkers: 1 }),
        (error: unknown) =>
          error instanceof NodeJoinError &&
          error.message ===
            `cannot join the head at ${cluster.head.address}: it refused the token (pass the cluster's token)`,
      );
    } finally {
      rmSync(storageDir, { recursive: true, force: true });
    }
  });
});
