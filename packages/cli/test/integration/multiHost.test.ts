/**
 * Issue 6's scenario on separate machines: the multi-host test bed (`../hosts/`) gives
 * a head, nodes B and C and a driver each their own network, hostname, process ids,
 * /tmp and /dev/shm, joined by a bridge; the cluster is started with `rayx start` and
 * requires the head's token. Tasks land on the host that offers their resource, a
 * result made on B is read on C and by the driver, then every process of B is killed
 * with SIGKILL: B's actor answers from C with its state and a result only B held is
 * rebuilt by lineage. Needs root and util-linux/iproute2 (as CI has); fails without.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DriverProcess } from "../hosts/DriverProcess.js";
import { createHostBed, type HostBed } from "../hosts/hostBed.js";
import { startHostCluster, type HostCluster } from "../hosts/hostCluster.js";
import { rayxCommand } from "./runRayx.js";

/** 20,000 doubles, as the driver makes them. */
const N = 20_000;

describe("a head, two nodes and a driver on four hosts, one host's processes killed", () => {
  let bed: HostBed;
  let cluster: HostCluster;
  let driver: DriverProcess;
  let driverNode: string;
  const nodeB = () => cluster.nodes[0]!;
  const nodeC = () => cluster.nodes[1]!;

  before(async () => {
    bed = await createHostBed(["head", "b", "c", "driver"]);
    cluster = await startHostCluster(bed, { host: "head", numWorkers: 2 }, [
      { host: "b", numWorkers: 2, resources: { b: 10, shared: 1, any: 1 } },
      { host: "c", numWorkers: 1, resources: { c: 10, shared: 1, any: 1 } },
    ]);
    ({ driver, nodeId: driverNode } = await DriverProcess.start(
      bed.host("driver").host,
      cluster.address,
      cluster.token,
    ));
  });

  after(async () => {
    try {
      await driver?.stop();
    } finally {
      await bed?.close();
    }
  });

  test("each host sees only its own storage: the head's session dir is not on B", async () => {
    const head = bed.host("head").host;
    const b = bed.host("b").host;
    const onHead = await head.run(["test", "-d", `${cluster.head.sessionDir}/gcs`]);
    const onB = await b.run(["test", "-e", cluster.head.sessionDir]);
    assert.deepEqual([onHead.code, onB.code], [0, 1]);
    assert.equal(cluster.head.address, `ws://${bed.host("head").address}:6380`);
  });

  test("joins the driver, from its own host, to the head's node", () => {
    assert.equal(driverNode, cluster.head.nodeId);
  });

  test("refuses a CLI that has no token, from another host", async () => {
    const run = await bed
      .host("driver")
      .host.run(rayxCommand(["--address", cluster.address, "status"]));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /401 missing or wrong token: pass the cluster's token/);
  });

  test("runs each task on the host that offers the resource it asks for", async () => {
    assert.deepEqual(await driver.step("hostsByResource"), ["b", "c", "b"]);
  });

  test("reads a result made on B from a task on C and from the driver's host", async () => {
    const seen = await driver.step<{ onC: unknown; here: unknown; locations: string[][] }>(
      "madeOnB",
      3,
    );
    assert.deepEqual(seen.onC, [N, 2, nodeC().sessionDir]);
    assert.deepEqual(seen.here, [N, 2, 2]);
    // Made on B, pulled to C and to the head (which serves the driver on its host).
    assert.deepEqual(seen.locations, [
      [cluster.head.nodeId, nodeB().nodeId, nodeC().nodeId].sort(),
    ]);
  });

  test("reads on B a value the driver put", async () => {
    assert.deepEqual(await driver.step("putReadOnB"), [N, 3, nodeB().sessionDir]);
  });

  test("keeps a result only on B when a task on B makes it", async () => {
    assert.deepEqual(await driver.step("keptOnB"), {
      ready: 1,
      stored: [[[nodeB().nodeId], "string"]],
    });
  });

  test("places an actor on each joined node, each with its state", async () => {
    assert.deepEqual(await driver.step("actors"), {
      sums: [
        [3, 10],
        [7, 30],
      ],
      nodes: [nodeB().nodeId, nodeC().nodeId],
    });
  });

  test("after kill -9 of every process of host B, its actor answers from C with its state", async () => {
    await bed.host("b").host.kill();
    assert.deepEqual(await driver.step("actorsAfterKill", nodeC().nodeId), {
      state: "alive",
      nodeId: nodeC().nodeId,
      restarts: 1,
      read: [7, 30],
      added: [8, 31],
    });
    const listed = await cluster.rayx(bed.host("driver"), ["list", "nodes", "--json"]);
    assert.equal(listed.code, 0, listed.stderr);
    const states = (JSON.parse(listed.stdout) as { nodeId: string; state: string }[]).map((n) => [
      n.nodeId,
      n.state,
    ]);
    assert.deepEqual(
      states.sort(),
      [
        [cluster.head.nodeId, "alive"],
        [nodeB().nodeId, "dead"],
        [nodeC().nodeId, "alive"],
      ].sort(),
    );
  });

  test("rayx logs shows what on-b printed on C when run there, and names host c elsewhere", async () => {
    const pid = await driver.step<number>("say", "on-b speaks from C");
    const onC = await cluster.rayx(bed.host("c"), ["logs", "on-b"]);
    const onHead = await cluster.rayx(bed.host("head"), ["logs", "on-b"]);
    assert.equal(onC.code, 0, onC.stderr);
    assert.match(onC.stdout, /^on-b speaks from C$/m);
    // The head's host has a worker of that pid too (each host counts pids from 1): its
    // files are another process's output.
    const samePid = await bed
      .host("head")
      .host.run(["bash", "-c", `ls /tmp/rayx/session-*/logs/worker-${pid}.out`]);
    assert.equal(samePid.code, 0, `no worker ${pid} on the head's host: ${samePid.stderr}`);
    const inspected = await cluster.rayx(bed.host("head"), ["inspect", "on-b", "--json"]);
    const { actorId } = (JSON.parse(inspected.stdout) as { actor: { actorId: string } }).actor;
    assert.deepEqual(
      [onHead.code, onHead.stdout, onHead.stderr],
      [
        1,
        "",
        `rayx: the log files of actor ${actorId} (worker pid ${pid} on ${nodeC().nodeId}) are on host c, ` +
          "not this one: run `rayx logs` there\n",
      ],
    );
  });

  test("rebuilds by lineage, on C, the result that only B held", async () => {
    assert.deepEqual(await driver.step("lineage"), {
      value: [N, 5, 5],
      locations: [cluster.head.nodeId, nodeC().nodeId].sort(),
    });
  });
});
