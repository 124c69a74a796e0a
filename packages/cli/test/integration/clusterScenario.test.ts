/**
 * Issue 6's scenario end to end, the way a user runs it: a head and two joined
 * nodes (B and C) started with `rayx start`, this test process as the driver. Tasks
 * and actors spread over the nodes by their resources, a stored result made on B is
 * read on C and by the driver, then every process of node B is killed with SIGKILL:
 * B's actor answers again from C with its state, a result only B held is rebuilt by
 * lineage, `list`/`status`/`tree`/`inspect`/`history`/`memory`/`restart`/`logs`
 * (as --json where they have it) show and steer the cluster without B, and
 * `rayx stop` leaves no process of the three nodes.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { get, inspect, shutdown, spawn, state, wait } from "@rayx/core";
import type { ActorHandle, ObjectRef } from "@rayx/core";
import { Counter } from "../fixtures/actors.js";
import { useLiveCluster } from "../fixtures/liveCluster.js";
import { fillHere, filled, readWhere, whereRan } from "../fixtures/scenarioTasks.js";
import { groupOf, isAlive } from "./processGroups.js";
import { jsonOf, runRayx } from "./runRayx.js";

type ObjectInfo = Awaited<ReturnType<typeof state.listObjects>>[number];

/** 20,000 doubles: 160 KB, above the 100 KiB inline limit, so a result stays in its node's store. */
const N = 20_000;

/** Calls `read` until it returns something `done` accepts; fails after 20 s with the last value. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read().catch((error: unknown) => error as T);
    if (done(value)) return value;
    if (Date.now() > deadline) assert.fail(`still ${JSON.stringify(value)} after 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The stored objects above `8·N` bytes the GCS lists that `before` did not (its
 * records are keyed by the store's id, not the ref's).
 */
async function storedSince(before: readonly ObjectInfo[]): Promise<ObjectInfo[]> {
  const known = new Set(before.map((o) => o.objectId));
  return (await state.listObjects()).filter((o) => !known.has(o.objectId) && o.size > 8 * N);
}

/** Every object in `json` (a tree) that has `actorId`. */
function leavesOf(json: unknown, actorId: string): unknown[] {
  if (typeof json !== "object" || json === null) return [];
  const here = (json as { actorId?: unknown }).actorId === actorId ? [json] : [];
  return [...here, ...Object.values(json).flatMap((value) => leavesOf(value, actorId))];
}

describe("a head and two joined nodes started with rayx, one of them killed", () => {
  const cluster = useLiveCluster("scenario", {
    joined: [
      { numWorkers: 2, resources: { b: 10, shared: 1, any: 1 } },
      { numWorkers: 1, resources: { c: 10, shared: 1, any: 1 } },
    ],
  });
  const rayx = (...args: string[]) =>
    runRayx(["--address", cluster.address, ...args], { RAYX_STORAGE: cluster.storageDir });
  const nodeB = () => cluster.joinedNodes[0]!;
  const nodeC = () => cluster.joinedNodes[1]!;
  let onlyOnB: ObjectRef<Float64Array>;
  let producerOfOnlyOnB: string;
  let counterB: ActorHandle<Counter>;
  let counterC: ActorHandle<Counter>;

  test("runs each task on the node that offers the resource it asks for", async () => {
    const where = await get([
      whereRan.options({ resources: { b: 1 } }).remote(),
      whereRan.options({ resources: { c: 1 } }).remote(),
      whereRan.options({ resources: { b: 1 } }).remote(),
    ]);
    assert.deepEqual(where, [nodeB().sessionDir, nodeC().sessionDir, nodeB().sessionDir]);
  });

  test("reads a result stored on B from a task on C and from the driver", async () => {
    const before = await state.listObjects();
    const made = filled.options({ resources: { b: 1 } }).remote(N, 2);
    assert.deepEqual(await get(readWhere.options({ resources: { c: 1 } }).remote(made)), [
      N,
      2,
      nodeC().sessionDir,
    ]);
    const value = await get(made);
    assert.deepEqual([value.length, value[0], value[N - 1]], [N, 2, 2]);
    // The GCS lists each copy: made on B, pulled to C and to the head (for the driver).
    const everywhere = [cluster.head.nodeId, nodeB().nodeId, nodeC().nodeId].sort();
    const stored = await until(
      () => storedSince(before),
      (list) => list.length === 1 && list[0]!.locations.length === 3,
    );
    assert.deepEqual([...stored[0]!.locations].sort(), everywhere);
  });

  test("keeps a result only on B when a task on B makes it", async () => {
    const before = await state.listObjects();
    [onlyOnB] = await get(fillHere.options({ resources: { b: 1 } }).remote(N, 5));
    assert.deepEqual((await wait([onlyOnB])).ready, [onlyOnB]);
    const stored = await storedSince(before);
    assert.deepEqual(
      stored.map((o) => [o.locations, typeof o.producerTaskId]),
      [[[nodeB().nodeId], "string"]],
    );
    producerOfOnlyOnB = stored[0]!.producerTaskId!;
  });

  test("places an actor on each joined node, each with its state", async () => {
    // C's one worker hosts on-c first, so the actor asking only for `shared` lands on B's
    // idle workers; C's `shared` stays free for it when B dies (actors hold resources while alive).
    counterC = await spawn(Counter, [], { name: "on-c", resources: { c: 1 } });
    counterB = await spawn(Counter, [], { name: "on-b", resources: { shared: 1 } });
    assert.deepEqual(await Promise.all([counterB.add(3), counterC.add(10)]), [3, 10]);
    assert.deepEqual(await Promise.all([counterB.add(4), counterC.add(20)]), [7, 30]);
    const [b, c] = await Promise.all([inspect(counterB), inspect(counterC)]);
    assert.deepEqual([b.nodeId, c.nodeId], [nodeB().nodeId, nodeC().nodeId]);
  });

  test("after kill -9 of every process of B, its actor answers from C with its state", async () => {
    const { pid: workerPid, actorId } = await inspect(counterB);
    const group = groupOf(nodeB().pid);
    assert.ok(group.includes(nodeB().pid), `B's daemon ${nodeB().pid} leads its group`);
    assert.ok(workerPid !== undefined && group.includes(workerPid), "its actor's worker is in it");
    for (const pid of group) process.kill(pid, "SIGKILL");
    await until(
      () => Promise.resolve(group.filter(isAlive)),
      (alive) => alive.length === 0,
    );

    const rebuilt = await until(
      () => inspect(counterB),
      (info) => info.nodeId === nodeC().nodeId && info.state === "alive",
    );
    assert.equal(rebuilt.restarts, 1);
    assert.deepEqual(await Promise.all([counterB.read(), counterC.read()]), [7, 30]);
    assert.deepEqual(await Promise.all([counterB.add(1), counterC.add(1)]), [8, 31]);

    const nodes = (await until(
      async () =>
        jsonOf(await rayx("list", "nodes", "--json")) as { nodeId: string; state: string }[],
      (list) => list.find((n) => n.nodeId === nodeB().nodeId)?.state === "dead",
    )) as { nodeId: string; state: string }[];
    const states = Object.fromEntries(nodes.map((n) => [n.nodeId, n.state]));
    assert.deepEqual(states, {
      [cluster.head.nodeId]: "alive",
      [nodeB().nodeId]: "dead",
      [nodeC().nodeId]: "alive",
    });

    const [status, tree] = await Promise.all(
      [["status"], ["tree"]].map((args) => rayx(...args, "--json").then(jsonOf)),
    );
    const byNode = (status as { byNode: { nodeId: string; state: string }[] }).byNode;
    assert.deepEqual(Object.fromEntries(byNode.map((n) => [n.nodeId, n.state])), states);
    const leaves = leavesOf(tree, actorId) as { state: string; nodeId: string; restarts: number }[];
    assert.deepEqual(
      leaves.map((l) => [l.state, l.nodeId, l.restarts]),
      [["alive", nodeC().nodeId, 1]],
    );
  });

  test("rebuilds by lineage the result that only B held", async () => {
    const value = await get(onlyOnB);
    assert.deepEqual([value.length, value[0], value[N - 1]], [N, 5, 5]);
    const copies = (await state.listObjects()).filter(
      (o) => o.producerTaskId === producerOfOnlyOnB,
    );
    assert.ok(
      copies.some((o) => o.locations.includes(nodeC().nodeId)),
      `the rebuilt result is stored on C: ${JSON.stringify(copies)}`,
    );
  });

  test("inspect, history, list, memory, restart and logs act on the cluster without B", async () => {
    const [b, c] = await Promise.all([inspect(counterB), inspect(counterC)]);
    const [details, history, actors, memory] = await Promise.all(
      [
        ["inspect", "on-b"],
        ["history", "on-b"],
        ["list", "actors", "--node", nodeC().nodeId],
        ["memory"],
      ].map((args) => rayx(...args, "--json").then(jsonOf)),
    );
    const actor = (details as { actor: { actorId: string; state: string; nodeId: string } }).actor;
    assert.deepEqual(
      [actor.actorId, actor.state, actor.nodeId],
      [b.actorId, "alive", nodeC().nodeId],
    );
    // The calls it ran, on B and then on C (a rebuild's replay runs none again).
    const entries = (history as { entries: { name: string; argsPreview: string }[] }).entries;
    assert.deepEqual(
      entries.filter((e) => e.name === "Counter.add").map((e) => e.argsPreview),
      ["add(3)", "add(4)", "add(1)"],
    );
    assert.deepEqual(
      (actors as { actorId: string }[]).map((a) => a.actorId).sort(),
      [b.actorId, c.actorId].sort(),
    );
    const perNode = (memory as { nodes: { nodeId: string }[] }).nodes.map((n) => n.nodeId);
    assert.ok(
      !perNode.includes(nodeB().nodeId),
      `memory counts nothing on B: ${perNode.join(", ")}`,
    );
    assert.ok(perNode.includes(nodeC().nodeId), "memory counts the rebuilt result on C");

    const restarted = jsonOf(await rayx("restart", "on-c", "--json")) as {
      kind: string;
      actors: {
        actorId: string;
        after: { state: string; restarts: number; nodeId: string };
        logLength: number;
      }[];
    };
    assert.equal(restarted.kind, "actor");
    assert.deepEqual(
      restarted.actors.map((a) => [
        a.actorId,
        a.after.state,
        a.after.restarts,
        a.after.nodeId,
        a.logLength,
      ]),
      [[c.actorId, "alive", 1, nodeC().nodeId, 3]],
    );
    assert.equal(await counterC.read(), 31);

    // What the rebuilt actor's worker on C prints, `rayx logs` shows.
    assert.equal(await counterB.say("on-b speaks from C"), b.pid);
    const logs = await rayx("logs", "on-b");
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /^on-b speaks from C$/m);
  });

  test("rayx stop ends the head and C and leaves no process of the three nodes", async () => {
    const groups = [cluster.head.pid, nodeB().pid, nodeC().pid].map((pid) => [
      pid,
      ...groupOf(pid),
    ]);
    await shutdown();
    const stopped = jsonOf(await rayx("stop", "--json")) as {
      nodeId: string;
      role: string;
      how: string;
    }[];
    assert.deepEqual(
      stopped.map((s) => [s.nodeId, s.role, s.how]).sort(),
      [
        [cluster.head.nodeId, "head", "stopped"],
        [nodeB().nodeId, "node", "gone"],
        [nodeC().nodeId, "node", "stopped"],
      ].sort(),
    );
    assert.deepEqual(groups.flat().filter(isAlive), []);
  });
});
