import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { ActorDiedError, get, inspect, shutdown, spawn, state } from "@rayx/core";
import { Counter } from "../fixtures/actors.js";
import { useCluster } from "../fixtures/nodeCluster.js";
import { whereAfter } from "../fixtures/nodeTasks.js";
import { isAlive, waitFor } from "../fixtures/processes.js";

describe("a cluster of a head and two joined nodes", () => {
  const cluster = useCluster("nodes", 1, [
    { numWorkers: 1, resources: { only: 1 } },
    { numWorkers: 1 },
  ]);

  it("records every node alive in the GCS with its resources", async () => {
    const nodes = await state.listNodes();
    const [first, second] = cluster.nodes.map((node) =>
      nodes.find((n) => n.nodeId === node.nodeId),
    );
    assert.deepEqual([first?.state, second?.state], ["alive", "alive"]);
    assert.deepEqual(first?.resources, { cpu: 1, only: 1 });
    assert.deepEqual(second?.resources, { cpu: 1 });
  });

  it("runs tasks on every node when each has one cpu", async () => {
    const places = await Promise.all([300, 300, 300].map((ms) => get(whereAfter.remote(ms))));
    const expected = [cluster.head.sessionDir, ...cluster.nodes.map((n) => n.sessionDir)];
    assert.deepEqual([...places].sort(), [...expected].sort());
  });

  it("places actors on the least busy worker of any node", async () => {
    const counters = await Promise.all([1, 2, 3].map((n) => spawn(Counter, [n])));
    const nodeIds = await Promise.all(counters.map(async (c) => (await inspect(c)).nodeId));
    const expected = [cluster.head.nodeId, ...cluster.nodes.map((n) => n.nodeId)];
    assert.deepEqual([...nodeIds].sort(), [...expected].sort());
    assert.deepEqual(await Promise.all(counters.map((c) => c.add(10))), [11, 12, 13]);
  });

  it("rebuilds the actors of a node killed with kill -9 on the nodes left, with their state", async () => {
    const victim = cluster.nodes[0]!;
    const counters = await Promise.all([100, 200, 300].map((n) => spawn(Counter, [n])));
    const before = await Promise.all(counters.map((c) => inspect(c)));
    assert.equal(before.filter((info) => info.nodeId === victim.nodeId).length, 1);
    assert.deepEqual(await Promise.all(counters.map((c) => c.add(5))), [105, 205, 305]);
    const bound = await spawn(Counter, [7], { resources: { only: 1 } });
    assert.equal((await inspect(bound)).nodeId, victim.nodeId);
    // Once the head has recorded the death (a call sent before would die with the node).
    await cluster.killNode(victim);
    assert.deepEqual(await Promise.all(counters.map((c) => c.add(1))), [106, 206, 306]);
    // One that needs what only the dead node had cannot come back, and holds nothing up.
    await assert.rejects(get(bound.add(1)), ActorDiedError);
    assert.match((await inspect(bound)).lastError ?? "", /needs 1 only but/);
    const after = await Promise.all(counters.map((c) => inspect(c)));
    assert.equal(after.filter((info) => info.nodeId === victim.nodeId).length, 0);
    assert.deepEqual(
      after.map((info) => info.restarts),
      before.map((info) => (info.nodeId === victim.nodeId ? 1 : 0)),
    );
  });

  it("rebuilds an actor of a node whose workers log to the GCS over ws (RAYX_GCS_OVER_WS=1)", async () => {
    const node = await cluster.join(
      { numWorkers: 1, resources: { remote: 1 } },
      { RAYX_GCS_OVER_WS: "1" },
    );
    const environ = readFileSync(`/proc/${node.workerPids[0]}/environ`, "utf8").split("\0");
    assert.ok(environ.includes(`RAYX_GCS_ADDRESS=${cluster.head.address}`));
    assert.ok(!environ.some((entry) => entry.startsWith("RAYX_GCS_DIR=")));
    const counter = await spawn(Counter, [0], { resources: { remote: 1 } });
    for (const n of [1, 2, 3]) await counter.add(n);
    const first = await inspect(counter);
    assert.equal(first.nodeId, node.nodeId);
    process.kill(first.pid as number, "SIGKILL");
    await waitFor(() => !isAlive(first.pid as number), "the actor's worker to die");
    assert.equal(await counter.read(), 6);
    const again = await inspect(counter);
    assert.equal(again.nodeId, node.nodeId);
    assert.notEqual(again.pid, first.pid);
    assert.equal(again.restarts, 1);
    assert.equal(again.logLength, 3);
  });

  it("takes its joined nodes down when the head stops: each agent stops, and its workers", async () => {
    const pids = cluster.nodes.flatMap((node) => cluster.processesOf(node));
    assert.equal(pids.length, 4, "two live nodes, each an agent and one worker");
    await shutdown(); // the driver leaves first
    await cluster.head.stop();
    await waitFor(() => pids.every((pid) => !isAlive(pid)), "the nodes' processes to exit");
  });
});
