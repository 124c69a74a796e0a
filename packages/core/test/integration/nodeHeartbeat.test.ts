import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inspect, spawn, state } from "@rayx/core";
import { Counter } from "../fixtures/actors.js";
import { useCluster } from "../fixtures/nodeCluster.js";
import { isAlive, waitFor } from "../fixtures/processes.js";

// Short heartbeats, so a silent node is declared dead within a test (head and agents read these).
process.env.RAYX_NODE_PING_MS = "100";
process.env.RAYX_NODE_DEAD_MS = "2000";

describe("node heartbeats", () => {
  const cluster = useCluster("node-heartbeat", 1, [{ numWorkers: 1 }]);

  it("declares a node that stops answering dead; its agent, once it runs again, stops its old workers and rejoins", async () => {
    const node = cluster.nodes[0]!;
    const counters = await Promise.all([10, 20].map((n) => spawn(Counter, [n])));
    const places = await Promise.all(counters.map(async (c) => (await inspect(c)).nodeId));
    const counter = counters[places.indexOf(node.nodeId)]!;
    const start = await counter.add(1);
    process.kill(node.pid, "SIGSTOP"); // its socket stays open; only the pongs stop
    try {
      const deadline = Date.now() + 20_000;
      while ((await state.listNodes()).find((n) => n.nodeId === node.nodeId)?.state !== "dead") {
        assert.ok(Date.now() < deadline, "the silent node is declared dead");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(await counter.add(1), start + 1);
      assert.equal((await inspect(counter)).nodeId, cluster.head.nodeId);
    } finally {
      process.kill(node.pid, "SIGCONT");
    }
    // Its workers ran actors that live elsewhere now: they go; the agent dials the head again.
    await waitFor(
      () => node.workerPids.every((pid) => !isAlive(pid)),
      "the cut-off node's old workers to exit",
      30_000,
    );
    assert.equal(isAlive(node.pid), true);
    const deadline = Date.now() + 20_000;
    while ((await state.listNodes()).find((n) => n.nodeId === node.nodeId)?.state !== "alive") {
      assert.ok(Date.now() < deadline, "the node rejoins");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
});
