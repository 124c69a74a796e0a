import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { get, inspect, spawn, state } from "@rayx/core";
import { Counter } from "../fixtures/actors.js";
import { useCluster } from "../fixtures/nodeCluster.js";
import { whereAfter } from "../fixtures/nodeTasks.js";
import { isAlive, waitFor } from "../fixtures/processes.js";

describe("a cluster of a head and two joined nodes", () => {
  const cluster = useCluster("nodes", 1, [{ numWorkers: 1 }, { numWorkers: 1 }]);

  it("records every node alive in the GCS with its resources", async () => {
    const nodes = await state.listNodes();
    const joined = cluster.nodes.map((n) => n.nodeId);
    for (const nodeId of joined) {
      const info = nodes.find((n) => n.nodeId === nodeId);
      assert.equal(info?.state, "alive");
      assert.deepEqual(info?.resources, { cpu: 1 });
    }
  });

  it("runs tasks on every node when each has one cpu", async () => {
    const places = await Promise.all([200, 200, 200].map((ms) => get(whereAfter.remote(ms))));
    const expected = [cluster.runtime.sessionDir, ...cluster.nodes.map((n) => n.sessionDir)];
    assert.deepEqual([...places].sort(), [...expected].sort());
  });

  it("places actors on the least busy worker of any node", async () => {
    const counters = await Promise.all([1, 2, 3].map((n) => spawn(Counter, [n])));
    const nodeIds = await Promise.all(counters.map(async (c) => (await inspect(c)).nodeId));
    const expected = [cluster.runtime.nodeId, ...cluster.nodes.map((n) => n.nodeId)];
    assert.deepEqual([...nodeIds].sort(), [...expected].sort());
    assert.deepEqual(await Promise.all(counters.map((c) => c.add(10))), [11, 12, 13]);
  });

  it("rebuilds the actors of a node killed with kill -9 on the nodes left, with their state", async () => {
    const victim = cluster.nodes[0]!;
    const counters = await Promise.all([100, 200, 300].map((n) => spawn(Counter, [n])));
    const before = await Promise.all(counters.map((c) => inspect(c)));
    assert.equal(before.filter((info) => info.nodeId === victim.nodeId).length, 1);
    assert.deepEqual(await Promise.all(counters.map((c) => c.add(5))), [105, 205, 305]);
    const victimPids = [victim.pid, ...victim.workerPids];
    for (const pid of victimPids) process.kill(pid, "SIGKILL");
    await waitFor(() => victimPids.every((pid) => !isAlive(pid)), "the victim's processes to die");
    // A call sent before the head saw the death would be lost with it (not retried: not @readonly).
    await waitFor(
      () => !cluster.manager.nodes().some((n) => n.nodeId === victim.nodeId),
      "the head to see the victim's death",
    );
    assert.deepEqual(await Promise.all(counters.map((c) => c.add(1))), [106, 206, 306]);
    const after = await Promise.all(counters.map((c) => inspect(c)));
    assert.equal(after.filter((info) => info.nodeId === victim.nodeId).length, 0);
    assert.deepEqual(
      after.map((info) => info.restarts),
      before.map((info) => (info.nodeId === victim.nodeId ? 1 : 0)),
    );
    const dead = (await state.listNodes()).find((n) => n.nodeId === victim.nodeId);
    assert.equal(dead?.state, "dead");
  });
});
