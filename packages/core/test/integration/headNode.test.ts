import assert from "node:assert/strict";
import { spawn as fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, describe, it } from "node:test";
import {
  ActorDiedError,
  ActorNotFoundError,
  ClusterConnectionError,
  TaskCancelledError,
  cancel,
  get,
  kill,
  getActor,
  init,
  inspect,
  put,
  shutdown,
  spawn,
  state,
  supervise,
  wait,
} from "@rayx/core";
import type { ActorHandle, Runtime } from "@rayx/core";
import { startNode } from "@rayx/core/node";
import { GcsClient } from "@rayx/gcs";
import type { RunningNode } from "@rayx/core/node";
import { connectDriver } from "../../src/internal/connectDriver.js";
import {
  DRIVER_PING_MS_ENV,
  DRIVER_PROTOCOL,
  OBJECTS_OVER_WS_ENV,
} from "../../src/internal/driverProtocol.js";
import { HeadEndpoint } from "../../src/internal/HeadEndpoint.js";
import { Counter } from "../fixtures/actors.js";
import { isAlive, tsNodeFlags } from "../fixtures/processes.js";
import { add, ones, sleepy, sum } from "../fixtures/tasks.js";

const storage = mkdtempSync(join(tmpdir(), "rayx-head-"));
let head: RunningNode;
let runtime: Runtime;

before(async () => {
  head = await startNode({ head: true, storageDir: storage, numWorkers: 2 });
  runtime = await init({ address: head.address });
});

after(async () => {
  await shutdown();
  await head?.stop();
  rmSync(storage, { recursive: true, force: true });
});

const gcs = () => GcsClient.connect(head.address);

/** Starts `fixtures/headDriver.ts` against the head (its detached actor named `keeper`); resolves once it printed its actors' ids. */
async function headDriver(keeper: string) {
  const script = join(import.meta.dirname, "../fixtures/headDriver.ts");
  const driver = fork(process.execPath, [...tsNodeFlags, script, head.address, keeper], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: driver.stdout }).once("line", resolve);
      driver.once("exit", (code) => reject(new Error(`the driver exited (${code})`)));
    });
    return { driver, ids: JSON.parse(line) as { plain: string; keeper: string; child: string } };
  } catch (error) {
    driver.kill("SIGKILL");
    throw error;
  }
}

/** Polls `check` until it resolves true; fails after `timeoutMs`. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a head node and a driver joined over ws", () => {
  it("serves tasks, actors, objects and supervise() trees to the driver", async () => {
    assert.match(head.address, /^ws:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(runtime.nodeId, head.nodeId);
    assert.equal(await add.remote(2, 3), 5);
    const counter = await spawn(Counter, [10], { name: "ws-counter" });
    assert.equal(await counter.add(5), 15);
    const found = await getActor<Counter>("ws-counter");
    assert.equal(await found.read(), 15);
    const ref = put({ greeting: "hello" });
    assert.deepEqual(await wait([ref], { numReturns: 1 }), { ready: [ref], pending: [] });
    assert.deepEqual(await ref, { greeting: "hello" });
    const tree = await supervise({ name: "ws-tree", children: [{ id: "c", actor: Counter }] });
    const child = (await tree.child<Counter>("c")) as ActorHandle<Counter>;
    assert.equal(await child.add(2), 2);
    assert.deepEqual(
      (await tree.children()).map((c) => c.id),
      ["c"],
    );
    const info = await inspect(counter);
    assert.equal(info.logLength, 1);
    assert.equal(info.nodeId, head.nodeId);
  });

  it("kills actors, cancels tasks and lists the cluster's actors for the driver", async () => {
    const doomed = await spawn(Counter, [1]);
    assert.equal(await doomed.add(1), 2);
    await kill(doomed);
    await assert.rejects(get(doomed.read()), ActorDiedError);
    const slow = sleepy.remote(5_000);
    await cancel(slow, { force: true });
    await assert.rejects(get(slow), TaskCancelledError);
    const { actorId } = await inspect(doomed);
    const listed = (await state.listActors()).find((a) => a.actorId === actorId);
    assert.equal(listed?.state, "dead");
  });

  it("carries one turn's calls whose arguments are far above a ws message's limit", async () => {
    const values = new Float64Array(12_000).fill(1); // 96 KB each, inline: 77 MB in one turn
    const sums = await Promise.all(Array.from({ length: 800 }, () => sum.remote(values)));
    assert.deepEqual(new Set(sums), new Set([12_000]));
  });

  it("lists the head with its address and the driver's job", async () => {
    const nodes = await state.listNodes();
    assert.deepEqual(
      nodes.filter((n) => n.nodeId === head.nodeId).map((n) => [n.address, n.state]),
      [[head.address, "alive"]],
    );
    const client = await gcs(); // the GCS shares the head's port
    try {
      const job = await client.getJob(runtime.jobId);
      assert.equal(job?.driverPid, process.pid);
      assert.equal(job?.state, "running");
    } finally {
      await client.close();
    }
  });

  it("passes large objects through the head's shared store", async () => {
    const big = ones.remote(200_000); // 1.6 MB: stored, not inline
    assert.equal(await sum.remote(big), 200_000);
    const array = await big;
    assert.equal(array.length, 200_000);
    assert.equal(array[199_999], 1);
  });

  it("sends object bytes over the ws to a driver that cannot open the head's store", async () => {
    const script = join(import.meta.dirname, "../fixtures/wsObjectsDriver.ts");
    const driver = fork(process.execPath, [...tsNodeFlags, script, head.address], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, [OBJECTS_OVER_WS_ENV]: "1" },
    });
    try {
      let out = "";
      driver.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => driver.once("exit", resolve));
      assert.equal(code, 0);
      assert.deepEqual(JSON.parse(out), {
        length: 200_000,
        last: 1,
        total: 300_000,
        back: 150_000,
        big: 3_000_000,
      });
    } finally {
      if (driver.pid !== undefined && isAlive(driver.pid)) driver.kill("SIGKILL");
    }
  });

  it("names a driver's actors in the namespace it joined with", async () => {
    const script = join(import.meta.dirname, "../fixtures/namespacedDriver.ts");
    const driver = fork(process.execPath, [...tsNodeFlags, script, head.address, "team-a"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    driver.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => driver.once("exit", resolve));
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(out), { read: 4 });
    await assert.rejects(getActor("shared"), ActorNotFoundError);
    const shared = await getActor<Counter>("shared", { namespace: "team-a" });
    assert.equal(await shared.read(), 4);
  });

  it("stops a killed driver's actors and trees and keeps its detached named actor", async () => {
    const { driver, ids } = await headDriver("keeper");
    try {
      assert.equal((await inspect(ids.plain)).state, "alive");
      const records = async () => {
        const client = await gcs();
        try {
          const [jobs, supervisors] = await Promise.all([
            client.listJobs(),
            client.listSupervisors(),
          ]);
          const job = jobs.find((j) => j.driverPid === driver.pid);
          const root = `${job?.jobId}/root`;
          const ofJob = supervisors.filter((s) => s.supervisorId === root || s.parentId === root);
          return { job, states: ofJob.map((s) => [s.supervisorId === root, s.state]) };
        } finally {
          await client.close();
        }
      };
      // The job's root and its tree are recorded as running supervisors.
      assert.deepEqual((await records()).states.sort(), [
        [false, "alive"],
        [true, "alive"],
      ]);
      driver.kill("SIGKILL");
      // Its actors were stopped with their job, not killed for good: "stopped", not "dead".
      const stopped = async (actorId: string) => (await inspect(actorId)).state === "stopped";
      await eventually(() => stopped(ids.plain), "the plain actor to stop");
      await eventually(() => stopped(ids.child), "the tree's child to stop");
      await eventually(
        async () => (await records()).states.every(([, state]) => state === "stopped"),
        "the job's supervisors to be recorded stopped",
      );
      const keeper = await getActor<Counter>("keeper");
      assert.equal(await keeper.add(1), 6);
      assert.equal((await inspect(ids.keeper)).state, "alive");
      assert.equal((await records()).job?.state, "failed");
      assert.deepEqual(
        [(await inspect(ids.plain)).state, (await inspect(ids.child)).state],
        ["stopped", "stopped"],
      );
    } finally {
      if (driver.pid !== undefined && isAlive(driver.pid)) driver.kill("SIGKILL");
    }
  });

  it("ends the job of a driver that stops answering pings", async () => {
    process.env[DRIVER_PING_MS_ENV] = "200"; // read by the head for each new driver
    const { driver, ids } = await headDriver("silent-keeper").finally(
      () => delete process.env[DRIVER_PING_MS_ENV],
    );
    try {
      driver.kill("SIGSTOP"); // alive, its socket open, but silent
      await eventually(
        async () => (await inspect(ids.plain)).state === "stopped",
        "the silent driver's actor to stop",
      );
      assert.equal(isAlive(driver.pid as number), true);
    } finally {
      driver.kill("SIGKILL");
    }
  });

  it("fails a driver's calls naming the head once the head stays gone past the reconnect time", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rayx-head-gone-"));
    const doomed = await startNode({ head: true, storageDir: dir, numWorkers: 1 });
    const script = join(import.meta.dirname, "../fixtures/orphanDriver.ts");
    const driver = fork(process.execPath, [...tsNodeFlags, script, doomed.address], {
      stdio: ["pipe", "pipe", "inherit"],
      // It dials the head again for this long (HeadLink), then gives up.
      env: { ...process.env, RAYX_RECONNECT_MS: "1500" },
    });
    try {
      const lines = createInterface({ input: driver.stdout })[Symbol.asyncIterator]();
      assert.equal((await lines.next()).value, "ready 3");
      await doomed.stop();
      driver.stdin.write("go\n");
      const failure = JSON.parse((await lines.next()).value as string) as Record<string, string>;
      assert.equal(failure["name"], "ClusterConnectionError");
      assert.ok(
        failure["message"]?.startsWith(`cannot use the rayx head at ${doomed.address}: `),
        failure["message"],
      );
    } finally {
      if (driver.pid !== undefined && isAlive(driver.pid)) driver.kill("SIGKILL");
      await doomed.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rejects an unreachable address with an error naming it", async () => {
    const endpoint = await HeadEndpoint.listen();
    const address = endpoint.address;
    await endpoint.close(); // nothing listens there now
    await assert.rejects(connectDriver(address, {}), (error: Error) => {
      assert.ok(error instanceof ClusterConnectionError);
      assert.match(error.message, new RegExp(`rayx head at ${address}: .*ECONNREFUSED`));
      assert.match(error.message, /rayx start --head/);
      return true;
    });
  });

  it("rejects a wrong token before any frame is read", async () => {
    const endpoint = await HeadEndpoint.listen({ token: "right-token" });
    let served = 0;
    endpoint.route(DRIVER_PROTOCOL, () => served++);
    try {
      await assert.rejects(
        connectDriver(endpoint.address, { token: "wrong-token" }),
        (error: Error) => {
          assert.ok(error instanceof ClusterConnectionError);
          assert.match(error.message, /refused the token \(401: missing or wrong token/);
          return true;
        },
      );
      assert.equal(served, 0);
    } finally {
      await endpoint.close();
    }
  });

  it("serves the GCS on the head's port only to clients with the head's token", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rayx-head-token-"));
    const guarded = await startNode({ head: true, storageDir: dir, numWorkers: 1, token: "t0k3n" });
    try {
      const client = await GcsClient.connect(guarded.address, { token: "t0k3n" });
      const node = await client.getNode(guarded.nodeId);
      await client.close();
      assert.equal(node?.address, guarded.address);
      await assert.rejects(GcsClient.connect(guarded.address), /401 missing or wrong token/);
    } finally {
      await guarded.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses to listen beyond loopback without a token", async () => {
    await assert.rejects(
      startNode({ head: true, storageDir: storage, host: "0.0.0.0" }),
      /a head listening on 0\.0\.0\.0 \(beyond loopback\) needs a token/,
    );
  });

  it("rejects an address that is not a ws:// URL", async () => {
    await assert.rejects(connectDriver("127.0.0.1:6380", {}), /not a ws:\/\/ URL/);
  });
});
