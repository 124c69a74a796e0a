/**
 * The CLI against a live cluster started with `rayx start` (a head and a joined
 * node, daemons on loopback) and this test process as a driver. `kill` and
 * `restart` rebuild actors through their supervisors (one more restart, state kept
 * by replay), `kill --no-restart` ends one for good, `logs` shows what an actor's
 * worker printed, and every inspection command reads the live records.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { inspect, put, spawn, supervise } from "@rayx/core";
import type { ActorHandle } from "@rayx/core";
import { Counter } from "../fixtures/actors.js";
import { useLiveCluster } from "../fixtures/liveCluster.js";
import { jsonOf, runRayx } from "./runRayx.js";

interface Change {
  actorId: string;
  name?: string;
  className: string;
  before: { state: string; restarts: number; pid?: number; nodeId?: string };
  after: { state: string; restarts: number; pid?: number; nodeId?: string };
  logLength: number;
}

describe("rayx against a live cluster", () => {
  const cluster = useLiveCluster("live");
  const rayx = (...args: string[]) =>
    runRayx(["--address", cluster.address, ...args], { RAYX_STORAGE: cluster.storageDir });

  test("kill crashes an actor on the joined node; its supervisor rebuilds it there with its state", async () => {
    const counter = await spawn(Counter, [], { name: "killed-counter", resources: { joined: 1 } });
    await counter.add(1);
    await counter.add(2);
    await counter.add(3);
    const { actorId, pid } = await inspect(counter);
    const change = jsonOf(await rayx("kill", "killed-counter", "--json")) as Change;
    assert.equal(change.actorId, actorId);
    assert.equal(change.name, "killed-counter");
    assert.equal(change.className, "Counter");
    assert.deepEqual(
      { before: change.before, state: change.after.state, restarts: change.after.restarts },
      {
        before: { state: "alive", restarts: 0, pid, nodeId: cluster.joined.nodeId },
        state: "alive",
        restarts: 1,
      },
    );
    assert.equal(change.after.pid, (await inspect(counter)).pid);
    assert.equal(change.after.nodeId, cluster.joined.nodeId);
    assert.equal(change.logLength, 3);
    assert.equal(await counter.read(), 6);
  });

  test("restart of an actor prints pid old → new and restarts n → n+1", async () => {
    const counter = await spawn(Counter, [], { name: "restarted" });
    await counter.add(5);
    const { actorId, pid } = await inspect(counter);
    const run = await rayx("restart", actorId);
    assert.equal(run.code, 0, run.stderr);
    const after = await inspect(counter);
    assert.equal(
      run.stdout,
      `restarted (${actorId}): pid ${pid} → ${after.pid} on ${after.nodeId}, restarts 0 → 1, call log 1 call\n`,
    );
    assert.equal(await counter.add(1), 6);
  });

  test("restart of a one_for_all supervisor restarts each of its actors once, in start order", async () => {
    const tree = await supervise({
      name: "pair",
      strategy: "one_for_all",
      children: [
        { id: "first", actor: Counter },
        { id: "second", actor: Counter },
      ],
    });
    const first = (await tree.child<Counter>("first")) as ActorHandle<Counter>;
    const second = (await tree.child<Counter>("second")) as ActorHandle<Counter>;
    await first.add(10);
    await second.add(20);
    const ids = [(await inspect(first)).actorId, (await inspect(second)).actorId];
    const result = jsonOf(await rayx("restart", "pair", "--json")) as {
      kind: string;
      id: string;
      actors: Change[];
    };
    assert.equal(result.kind, "supervisor");
    assert.equal(result.id, "pair");
    assert.deepEqual(
      result.actors.map((c) => [c.actorId, c.before.restarts, c.after.restarts, c.after.state]),
      [
        [ids[0], 0, 1, "alive"],
        [ids[1], 0, 1, "alive"],
      ],
    );
    assert.deepEqual([await first.read(), await second.read()], [10, 20]);
  });

  test("restart of a one_for_one supervisor restarts each of its actors once", async () => {
    const tree = await supervise({
      name: "solo",
      strategy: "one_for_one",
      children: [
        { id: "a", actor: Counter },
        { id: "b", actor: Counter },
      ],
    });
    const children = [
      (await tree.child<Counter>("a")) as ActorHandle<Counter>,
      (await tree.child<Counter>("b")) as ActorHandle<Counter>,
    ];
    await Promise.all(children.map((c, i) => c.add(i + 1)));
    const ids = await Promise.all(children.map(async (c) => (await inspect(c)).actorId));
    const result = jsonOf(await rayx("restart", "solo", "--json")) as { actors: Change[] };
    assert.deepEqual(
      result.actors.map((c) => [c.actorId, c.before.restarts, c.after.restarts, c.logLength]),
      [
        [ids[0], 0, 1, 1],
        [ids[1], 0, 1, 1],
      ],
    );
    assert.deepEqual(await Promise.all(children.map((c) => c.read())), [1, 2]);
  });

  test("kill --no-restart ends an actor for good: it is dead and its calls reject", async () => {
    const counter = await spawn(Counter, [], { name: "doomed" });
    await counter.add(1);
    const change = jsonOf(await rayx("kill", "doomed", "--no-restart", "--json")) as Change;
    assert.equal(change.before.state, "alive");
    assert.equal(change.after.state, "dead");
    // Over the driver's ws the error arrives by its message (see the lead's note on error classes).
    await assert.rejects(async () => await counter.read(), {
      message: new RegExp(`^actor '${change.actorId}' is dead`),
    });
  });

  test("logs prints what an actor's worker on the joined node printed", async () => {
    const counter = await spawn(Counter, [], { name: "talker", resources: { joined: 1 } });
    const pid = await counter.say("hello from talker");
    const run = await rayx("logs", "talker");
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^hello from talker$/m);
    assert.equal((await inspect(counter)).pid, pid);
  });

  test("status, list, tree, inspect, history and memory read the live cluster", async () => {
    const counter = await spawn(Counter, [], { name: "seen", resources: { joined: 1 } });
    await counter.add(4);
    await counter.add(5);
    const { actorId } = await inspect(counter);
    const [status, nodes, tree, details, history, memory] = await Promise.all(
      [
        ["status"],
        ["list", "nodes"],
        ["tree"],
        ["inspect", "seen"],
        ["history", "seen"],
        ["memory"],
      ].map((args) => rayx(...args, "--json").then(jsonOf)),
    );
    const byNode = (status as { byNode: { nodeId: string; state: string; resources: object }[] })
      .byNode;
    const expected: [string, string, object][] = [
      [cluster.head.nodeId, "alive", { cpu: 2 }],
      [cluster.joined.nodeId, "alive", { cpu: 1, joined: 100 }],
    ];
    assert.deepEqual(
      byNode.map((n) => [n.nodeId, n.state, n.resources]),
      expected.sort((x, y) => x[0].localeCompare(y[0])),
    );
    assert.deepEqual(
      (nodes as { nodeId: string }[]).map((n) => n.nodeId).sort(),
      [cluster.head.nodeId, cluster.joined.nodeId].sort(),
    );
    assert.match(JSON.stringify(tree), new RegExp(`"actorId":"${actorId}"`));
    const inspected = details as { actor: { actorId: string; state: string; nodeId: string } };
    assert.deepEqual(
      [inspected.actor.actorId, inspected.actor.state, inspected.actor.nodeId],
      [actorId, "alive", cluster.joined.nodeId],
    );
    const calls = (history as { actorId: string; entries: { name: string; argsPreview: string }[] })
      .entries;
    assert.equal((history as { actorId: string }).actorId, actorId);
    assert.deepEqual(
      calls.map((e) => [e.name, e.argsPreview]),
      [
        ["Counter.add", "add(4)"],
        ["Counter.add", "add(5)"],
      ],
    );
    assert.equal(typeof (memory as { objects: number }).objects, "number");
  });

  test("memory shows a stored object on its node; timeline traces the actors that ran", async () => {
    const big = put(new Uint8Array(300_000).fill(7));
    const counter = await spawn(Counter, [], { name: "traced", resources: { joined: 1 } });
    await counter.add(1);
    const { actorId } = await inspect(counter);
    const memory = jsonOf(await rayx("memory", "--json")) as {
      nodes: { nodeId: string; objects: number; bytes: number }[];
      largest: { objectId: string; size: number; locations: string[] }[];
    };
    const stored = memory.largest.find((o) => o.objectId === big.id);
    assert.ok(stored, `memory --json lists ${big.id} among the largest objects`);
    assert.ok(stored.size >= 300_000, `its size ${stored.size} counts its 300,000 bytes`);
    assert.deepEqual(stored.locations, [cluster.head.nodeId]);
    const onHead = memory.nodes.find((n) => n.nodeId === cluster.head.nodeId);
    assert.ok(onHead !== undefined && onHead.objects >= 1 && onHead.bytes >= stored.size);

    const dir = mkdtempSync(join(tmpdir(), "rayx-live-trace-"));
    try {
      const output = join(dir, "trace.json");
      const run = jsonOf(await rayx("timeline", "-o", output, "--json")) as { output: string };
      assert.equal(run.output, output);
      const trace = JSON.parse(readFileSync(output, "utf8")) as {
        traceEvents: {
          name: string;
          ph: string;
          pid: number;
          tid: number;
          args?: { name?: string; subject?: string };
        }[];
      };
      const { pid } = await inspect(counter);
      const slices = trace.traceEvents.filter((e) => e.ph === "X" && e.args?.subject === actorId);
      assert.deepEqual(
        slices.map((e) => [e.name, e.pid]),
        [["Counter.add", pid]],
      );
      const marks = trace.traceEvents
        .filter((e) => e.ph === "i" && e.args?.subject === actorId)
        .map((e) => e.name);
      // A fresh actor is built like a rebuilt one: it may pass `replaying` (an empty log) on its way.
      assert.deepEqual(marks.filter((mark) => mark !== "actor replaying").slice(0, 3), [
        "actor scheduled",
        "actor starting",
        "actor alive",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("kill and restart find the head started from the storage dir, and exit 2 without one", async () => {
    const counter = await spawn(Counter, [], { name: "found" });
    await counter.add(1);
    const found = await runRayx(["kill", "found", "--json"], { RAYX_STORAGE: cluster.storageDir });
    assert.equal((jsonOf(found) as Change).after.restarts, 1);
    const empty = mkdtempSync(join(tmpdir(), "rayx-cli-no-head-"));
    try {
      const runs = await Promise.all([
        runRayx(["kill", "found"], { RAYX_STORAGE: empty }),
        runRayx(["restart", "pair"], { RAYX_STORAGE: empty }),
      ]);
      for (const run of runs) {
        assert.equal(run.code, 2);
        assert.equal(
          run.stderr,
          "rayx: this command acts through the cluster's head: give --address ws://HOST:PORT " +
            "(or RAYX_ADDRESS), the address `rayx start --head` printed, or --storage of the " +
            "dir it was started with; an embedded cluster (init() in a driver) can only be " +
            "steered from its driver\n",
        );
      }
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
