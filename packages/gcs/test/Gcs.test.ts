/**
 * The typed tables, named actors, lifecycle events and in-process subscriptions of
 * `Gcs`, on the in-memory store (the LMDB paths are covered by the other files).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  createMemoryStore,
  Gcs,
  GcsArgumentError,
  type NameChange,
  type NodeInfo,
  type ObjectInfo,
  type SupervisorInfo,
  type TaskInfo,
} from "@rayx/gcs";
import { actor, node } from "./fixtures.js";

const withGcs = async (body: (gcs: Gcs) => Promise<void>) => {
  const gcs = new Gcs(createMemoryStore());
  try {
    await body(gcs);
  } finally {
    await gcs.close();
  }
};

describe("Gcs tables", () => {
  test("stores and lists actors with every field, in id order", () =>
    withGcs(async (gcs) => {
      const full = actor("b", {
        ctorArgsRef: "obj-1",
        supervisorId: "sup-1",
        nodeId: "n1",
        pid: 42,
        name: "counter",
        lastError: "boom",
        restarts: 2,
      });
      await gcs.putActor(full);
      await gcs.putActor(actor("a"));
      assert.deepEqual(await gcs.getActor("b"), full);
      assert.deepEqual(
        (await gcs.listActors()).map((a) => a.actorId),
        ["a", "b"],
      );
      assert.equal(await gcs.getActor("missing"), undefined);
    }));

  test("keeps task lineage and object locations", () =>
    withGcs(async (gcs) => {
      const task: TaskInfo = {
        taskId: "t1",
        jobId: "job-1",
        functionName: "square",
        module: "file:///app/tasks.ts",
        spec: Uint8Array.of(1, 2, 3),
        argRefs: ["obj-in"],
        resultRefs: ["obj-out"],
        state: "stopped",
        attempts: 2,
        maxRetries: 3,
        updatedAt: 5,
      };
      const object: ObjectInfo = {
        objectId: "obj-out",
        size: 2 ** 40,
        locations: ["n1", "n2"],
        ownerId: "driver-1",
        producerTaskId: "t1",
        spilledUrl: "file:///spill/obj-out",
        createdAt: 6,
      };
      await gcs.putTask(task);
      await gcs.putObject(object);
      const gotTask = (await gcs.getTask("t1"))!;
      assert.deepEqual(
        { ...gotTask, spec: Array.from(gotTask.spec) },
        { ...task, spec: [1, 2, 3] },
      );
      assert.deepEqual(await gcs.getObject("obj-out"), object);
      await gcs.removeObject("obj-out");
      assert.deepEqual(await gcs.listObjects(), []);
    }));

  test("keeps supervisors with their children in start order, and jobs", () =>
    withGcs(async (gcs) => {
      const supervisor: SupervisorInfo = {
        supervisorId: "sup-1",
        name: "root",
        strategy: "rest_for_one",
        intensity: 3,
        periodMs: 5000,
        spec: Uint8Array.of(9),
        children: [
          { childId: "db", actorId: "a1" },
          { childId: "workers", supervisorId: "sup-2" },
        ],
        state: "alive",
        updatedAt: 7,
      };
      await gcs.putSupervisor(supervisor);
      const got = (await gcs.getSupervisor("sup-1"))!;
      assert.deepEqual(got.children, supervisor.children);
      assert.equal(got.strategy, "rest_for_one");
      await gcs.putJob({
        jobId: "job-1",
        namespace: "default",
        nodeId: "n1",
        driverPid: 10,
        entrypoint: "app.ts",
        state: "running",
        startedAt: 1,
      });
      assert.deepEqual(
        (await gcs.listJobs()).map((j) => [j.jobId, j.state, j.endedAt]),
        [["job-1", "running", undefined]],
      );
    }));

  test("rejects an empty id with an error naming the argument", () =>
    withGcs(async (gcs) => {
      await assert.rejects(gcs.putActor(actor("")), GcsArgumentError);
      await assert.rejects(gcs.getActor(""), /actors id must be a non-empty string/);
    }));
});

describe("Gcs named actors", () => {
  test("claims a free name once; a second claim learns the owner", () =>
    withGcs(async (gcs) => {
      assert.deepEqual(await gcs.claimName("ns", "counter", "a1"), {
        actorId: "a1",
        created: true,
      });
      assert.deepEqual(await gcs.claimName("ns", "counter", "a2"), {
        actorId: "a1",
        created: false,
      });
      assert.deepEqual(await gcs.claimName("other", "counter", "a3"), {
        actorId: "a3",
        created: true,
      });
      assert.equal(await gcs.lookupName("ns", "counter"), "a1");
    }));

  test("of concurrent claims exactly one wins", () =>
    withGcs(async (gcs) => {
      const claims = await Promise.all(
        ["a1", "a2", "a3", "a4"].map((id) => gcs.claimName("ns", "leader", id)),
      );
      assert.equal(claims.filter((c) => c.created).length, 1);
      assert.equal(new Set(claims.map((c) => c.actorId)).size, 1);
    }));

  test("releases a name only for its owner, and lists one namespace", () =>
    withGcs(async (gcs) => {
      await gcs.claimName("ns", "x", "a1");
      await gcs.claimName("ns", "y", "a2");
      await gcs.claimName("ns2", "x", "a3");
      assert.equal(await gcs.releaseName("ns", "x", "a2"), false);
      assert.equal(await gcs.releaseName("ns", "x", "a1"), true);
      assert.equal(await gcs.lookupName("ns", "x"), undefined);
      assert.deepEqual(await gcs.listNames("ns"), [{ namespace: "ns", name: "y", actorId: "a2" }]);
      assert.equal((await gcs.listNames("")).length, 2);
    }));
});

describe("Gcs lifecycle events", () => {
  test("lists events in time order, by window and by subject", () =>
    withGcs(async (gcs) => {
      const ev = (time: number, subjectId: string, type: string) =>
        ({ time, subjectKind: "actor", subjectId, type }) as const;
      await gcs.appendEvent(ev(300, "a1", "crashed"));
      await gcs.appendEvent(ev(100, "a1", "alive"));
      await gcs.appendEvent(ev(200, "a2", "alive"));
      await gcs.appendEvent(ev(300, "a1", "restarting"));
      const types = (q: object) =>
        gcs.listEvents(q).then((es) => es.map((e) => `${e.time}:${e.type}`));
      assert.deepEqual(await types({}), [
        "100:alive",
        "200:alive",
        "300:crashed",
        "300:restarting",
      ]);
      assert.deepEqual(await types({ since: 200, until: 300 }), ["200:alive"]);
      assert.deepEqual(await types({ subjectId: "a1", limit: 2 }), ["100:alive", "300:crashed"]);
      assert.deepEqual(await types({ subjectId: "a1", since: 200 }), [
        "300:crashed",
        "300:restarting",
      ]);
      assert.deepEqual(await types({ subjectId: "a", until: 1000 }), []);
    }));
});

describe("Gcs subscriptions", () => {
  test("pushes actor writes, node joins and leaves, and name changes until closed", () =>
    withGcs(async (gcs) => {
      const states: string[] = [];
      const nodes: NodeInfo["state"][] = [];
      const names: NameChange[] = [];
      const subs = [
        await gcs.subscribe("actors", (a) => states.push(`${a.actorId}:${a.state}`)),
        await gcs.subscribe("nodes", (n) => nodes.push(n.state)),
        await gcs.subscribe("names", (c) => names.push(c)),
      ];
      await gcs.putActor(actor("a1", { state: "starting" }));
      await gcs.putActor(actor("a1", { state: "alive" }));
      await gcs.putNode(node("n1"));
      await gcs.removeNode("n1");
      await gcs.claimName("ns", "x", "a1");
      await gcs.claimName("ns", "x", "a2");
      await gcs.releaseName("ns", "x", "a1");
      for (const sub of subs) await sub.close();
      await gcs.putActor(actor("a1", { state: "stopping" }));
      assert.deepEqual(states, ["a1:starting", "a1:alive"]);
      assert.deepEqual(nodes, ["alive", "dead"]);
      assert.deepEqual(names, [
        { entry: { namespace: "ns", name: "x", actorId: "a1" }, registered: true },
        { entry: { namespace: "ns", name: "x", actorId: "a1" }, registered: false },
      ]);
      assert.equal((await gcs.getNode("n1"))?.state, "dead");
    }));
});
