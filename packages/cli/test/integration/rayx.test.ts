/**
 * The `rayx` executable against a real GCS env on disk (and once through a real
 * GCS server over ws): every inspection command's `--json` output checked value by
 * value, human output checked plain and aligned, and exit codes 0, 1 and 2.
 */
import { startGcsServer } from "@rayx/gcs";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { clusterFixture, type ClusterFixture } from "./clusterFixture.js";
import { jsonOf, runRayx } from "./runRayx.js";

describe("rayx on a storage dir", () => {
  let cluster: ClusterFixture;
  const rayx = (...args: string[]) => runRayx(["--storage", cluster.storage, ...args]);
  const ids = (value: unknown, key: string) =>
    (value as Record<string, unknown>[]).map((r) => r[key]);

  before(async () => {
    cluster = await clusterFixture();
    // The CLI opens the env beside a process that holds it open, as beside a running cluster.
  });
  after(async () => {
    await cluster.gcs.close();
    await cluster.remove();
  });

  test("list prints the records of each kind, filtered by state and node and cut at --limit", async () => {
    const [actors, crashed, onN2, tasks, nodes, supervisors] = await Promise.all([
      rayx("list", "actors", "--json"),
      rayx("list", "actors", "--state", "crashed", "--json"),
      rayx("list", "objects", "--node", "n2", "--json"),
      rayx("list", "tasks", "--limit", "2", "--json"),
      rayx("list", "nodes", "--state", "alive", "--json"),
      rayx("list", "supervisors", "--json"),
    ]);
    assert.deepEqual(ids(jsonOf(actors), "actorId"), ["a1", "a2", "a3"]);
    assert.deepEqual(jsonOf(crashed), [
      {
        actorId: "a2",
        jobId: "job-1",
        className: "Worker",
        module: "file:///app/actors.js",
        ownerId: "driver-1",
        supervisorId: "s2",
        state: "crashed",
        restarts: 2,
        maxRestarts: 3,
        nodeId: "n1",
        pid: 102,
        namespace: "default",
        lastError: "boom",
        updatedAt: 1_080,
      },
    ]);
    assert.deepEqual(ids(jsonOf(onN2), "objectId"), ["o2", "o3"]);
    assert.deepEqual(ids(jsonOf(tasks), "taskId"), ["t1", "t2"]);
    assert.deepEqual(ids(jsonOf(nodes), "nodeId"), ["n1"]);
    assert.deepEqual(ids(jsonOf(supervisors), "supervisorId"), ["s1", "s2"]);
  });

  test("list prints an aligned plain table when stdout is not a TTY", async () => {
    const run = await rayx("list", "actors");
    assert.equal(run.code, 0);
    assert.equal(
      run.stdout,
      [
        "ACTOR  NAME     CLASS    STATE    RESTARTS  NODE",
        "a1     counter  Counter  alive           1  n1 pid 101",
        "a2     -        Worker   crashed         2  n1 pid 102",
        "a3     -        Logger   stopped         0  -",
        "",
      ].join("\n"),
    );
  });

  test("status counts nodes, resources used/total of live nodes, jobs, actors and tasks by state, and objects, and lists each node", async () => {
    const [json, human] = await Promise.all([rayx("status", "--json"), rayx("status")]);
    assert.equal(
      human.stdout,
      [
        "nodes     1 alive, 1 dead",
        "resources cpu 1/2, gpu 0/1",
        "jobs      1 running of 1",
        "actors    3: 1 alive, 1 crashed, 1 stopped",
        "tasks     3: 1 pending, 1 alive, 1 stopped",
        "objects   3, 5.9 KiB",
        "",
        "NODE  STATE  HOST           USED/TOTAL        ACTORS  TASKS  OBJECTS",
        "n1    alive  host-a pid 11  cpu 1/2, gpu 0/1       1      1  2, 5.9 KiB",
        "n2    dead   host-a pid 12  cpu 0/4                0      0  2, 4.9 KiB",
        "",
      ].join("\n"),
    );
    const node = { hostname: "host-a", address: "" };
    assert.deepEqual(jsonOf(json), {
      nodes: { alive: 1, dead: 1 },
      byNode: [
        {
          ...node,
          nodeId: "n1",
          state: "alive",
          pid: 11,
          resources: { cpu: 2, gpu: 1 },
          resourcesUsed: { cpu: 1, gpu: 0 },
          actors: 1,
          tasks: 1,
          objects: { count: 2, bytes: 6_000 },
        },
        {
          ...node,
          nodeId: "n2",
          state: "dead",
          pid: 12,
          resources: { cpu: 4 },
          resourcesUsed: { cpu: 0 },
          actors: 0,
          tasks: 0,
          objects: { count: 2, bytes: 5_010 },
        },
      ],
      resources: { cpu: 2, gpu: 1 },
      resourcesUsed: { cpu: 1, gpu: 0 },
      jobs: { running: 1, total: 1 },
      actors: { alive: 1, crashed: 1, stopped: 1 },
      tasks: { pending: 1, alive: 1, stopped: 1 },
      objects: { count: 3, bytes: 6_010 },
    });
  });

  test("tree shows the supervision tree with each child's state, restarts and place", async () => {
    const [json, human] = await Promise.all([rayx("tree", "--json"), rayx("tree")]);
    assert.deepEqual(jsonOf(json), {
      roots: [
        {
          kind: "supervisor",
          supervisorId: "s1",
          name: "app",
          strategy: "one_for_one",
          state: "alive",
          children: [
            {
              kind: "actor",
              childId: "counter",
              actorId: "a1",
              name: "counter",
              className: "Counter",
              state: "alive",
              restarts: 1,
              nodeId: "n1",
              pid: 101,
            },
            {
              kind: "supervisor",
              childId: "workers",
              supervisorId: "s2",
              strategy: "rest_for_one",
              state: "alive",
              children: [
                {
                  kind: "actor",
                  childId: "w1",
                  actorId: "a2",
                  className: "Worker",
                  state: "crashed",
                  restarts: 2,
                  nodeId: "n1",
                  pid: 102,
                },
              ],
            },
          ],
        },
      ],
      unsupervised: [
        {
          kind: "actor",
          childId: "a3",
          actorId: "a3",
          className: "Logger",
          state: "stopped",
          restarts: 0,
        },
      ],
    });
    assert.equal(
      human.stdout,
      [
        "app (supervisor one_for_one) alive",
        "├─ counter [a1] Counter alive  restarts 1, on n1 pid 101",
        "└─ s2 (supervisor rest_for_one) alive",
        "   └─ w1 [a2] Worker crashed  restarts 2, on n1 pid 102",
        "(unsupervised)",
        "└─ a3 Logger stopped  restarts 0",
        "",
      ].join("\n"),
    );
  });

  test("inspect finds an actor by name and shows its names, call log and recent events", async () => {
    const [json, human, unlimited] = await Promise.all([
      rayx("inspect", "counter", "--events", "2", "--json"),
      rayx("inspect", "a1", "--events", "1"),
      rayx("inspect", "a3"),
    ]);
    assert.match(unlimited.stdout, /\nrestarts {4}0 of unlimited\n/);
    assert.equal(
      human.stdout,
      [
        "actor       a1",
        "class       Counter (file:///app/actors.js)",
        "names       default/counter",
        "state       alive",
        "restarts    1 of 3",
        "node        n1 pid 101",
        "job         job-1",
        "owner       driver-1",
        "supervisor  s1",
        "call log    last seq 5, no snapshot (replay from seq 1)",
        "last error  -",
        "updated     1970-01-01T00:00:01.070Z",
        "",
        "recent events",
        "  1970-01-01T00:00:01.070Z  alive",
        "",
      ].join("\n"),
    );
    const details = jsonOf(json) as Record<string, unknown>;
    assert.equal((details["actor"] as Record<string, unknown>)["actorId"], "a1");
    assert.deepEqual(details["names"], ["default/counter"]);
    assert.deepEqual(details["callLog"], { lastSeq: 5 });
    assert.deepEqual(details["events"], [
      { time: 1_050, subjectKind: "actor", subjectId: "a1", type: "crashed", nodeId: "n1" },
      { time: 1_070, subjectKind: "actor", subjectId: "a1", type: "alive", nodeId: "n1" },
    ]);
  });

  test("an unknown actor exits 1 naming it", async () => {
    const run = await rayx("inspect", "nobody");
    assert.equal(run.code, 1);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /no actor has id or name 'nobody': see `rayx list actors`/);
  });

  test("bad usage exits 2 with a helpful message", async () => {
    const [kind, limit, command, start, both, nodeState] = await Promise.all([
      rayx("list", "widgets"),
      rayx("list", "actors", "--limit", "ten"),
      rayx("staus"),
      rayx("start"),
      rayx("--address", "ws://127.0.0.1:1", "status"),
      rayx("list", "nodes", "--state", "crashed"),
    ]);
    assert.deepEqual([kind.code, limit.code, command.code, start.code, both.code], [2, 2, 2, 2, 2]);
    assert.match(
      kind.stderr,
      /value 'widgets' is invalid for argument 'kind'\. Allowed choices are actors, tasks, objects, nodes, supervisors/,
    );
    assert.match(
      limit.stderr,
      /option '--limit <n>' argument 'ten' is invalid\. expected a whole number ≥ 1/,
    );
    assert.match(command.stderr, /unknown command 'staus'\n\(Did you mean status\?\)/);
    assert.match(start.stderr, /say what to start: --head for a new cluster, or --address/);
    assert.match(both.stderr, /give either --address or --storage, not both/);
    assert.match(nodeState.stderr, /nodes are never 'crashed'; their states are alive, dead/);
  });
});

describe("rayx without a cluster", () => {
  test("exits 1 naming the storage dir or the address it tried", async () => {
    const empty = await mkdtemp(join(tmpdir(), "rayx-cli-empty-"));
    try {
      const [storage, address] = await Promise.all([
        runRayx(["status"], { RAYX_STORAGE: empty }),
        runRayx(["status", "--address", "ws://127.0.0.1:1"]),
      ]);
      assert.equal(storage.code, 1);
      assert.match(
        storage.stderr,
        new RegExp(`no rayx cluster found; tried the storage dir ${empty} \\(no gcs\\.mdb`),
      );
      assert.equal(address.code, 1);
      assert.match(
        address.stderr,
        /no rayx cluster found; tried the GCS service at ws:\/\/127\.0\.0\.1:1 /,
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe("rayx over ws", () => {
  test("reads the cluster through a GCS server at --address with its token, and is refused without it", async () => {
    const cluster = await clusterFixture();
    const server = await startGcsServer({ gcs: cluster.gcs, token: "s3cret" });
    try {
      const [withToken, fromEnv, without] = await Promise.all([
        runRayx([
          "--address",
          server.url,
          "--token",
          "s3cret",
          "list",
          "actors",
          "--state",
          "alive",
          "--json",
        ]),
        runRayx(["status", "--json"], { RAYX_ADDRESS: server.url, RAYX_TOKEN: "s3cret" }),
        runRayx(["--address", server.url, "status"]),
      ]);
      assert.deepEqual(
        (jsonOf(withToken) as { actorId: string }[]).map((a) => a.actorId),
        ["a1"],
      );
      assert.deepEqual((jsonOf(fromEnv) as { nodes: unknown }).nodes, { alive: 1, dead: 1 });
      assert.equal(without.code, 1);
      assert.match(without.stderr, new RegExp(`tried the GCS service at ${server.url}`));
    } finally {
      await server.close();
      await cluster.gcs.close();
      await cluster.remove();
    }
  });
});
