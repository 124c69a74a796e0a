/**
 * `rayx start --head`, `rayx run` and `rayx stop` with real daemons on loopback: the
 * head starts detached and is recorded, a driver script run through the CLI uses it
 * (tasks, an actor, a supervise() tree) and passes its exit code on, and `stop` ends
 * the daemon and every worker it started. Daemons left by a failing test are killed.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, test } from "node:test";
import { groupOf, isAlive, killGroups } from "./processGroups.js";
import { runRayx } from "./runRayx.js";

const storage = mkdtempSync(join(tmpdir(), "rayx-cli-nodes-"));
const driver = fileURLToPath(new URL("../fixtures/clusterDriver.ts", import.meta.url));
const rayx = (...args: string[]) => runRayx(["--storage", storage, ...args]);
const started = new Set<number>();

after(() => {
  killGroups(started);
  rmSync(storage, { recursive: true, force: true });
});

interface Seen {
  address: string | null;
  nodeId: string;
  task: number;
  actor: number;
  child: number;
  actorNode: string;
}

describe("rayx start / run / stop", () => {
  test("a head started by the CLI runs a driver script, and stop leaves no process", async () => {
    const start = await rayx("start", "--head", "--port", "0", "--num-workers", "2", "--json");
    assert.equal(start.code, 0, start.stderr);
    const head = JSON.parse(start.stdout) as { nodeId: string; pid: number; address: string };
    started.add(head.pid);
    assert.match(head.address, /^ws:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(isAlive(head.pid), true);
    const processes = groupOf(head.pid);
    assert.ok(processes.length >= 3, `the daemon and its 2 workers run (${processes.join(", ")})`);

    const run = await rayx("run", driver);
    assert.equal(run.code, 0, run.stderr);
    const seen = JSON.parse(run.stdout) as Seen;
    assert.deepEqual(seen, {
      address: head.address,
      nodeId: head.nodeId,
      task: 42,
      actor: 5,
      child: 7,
      actorNode: head.nodeId,
    });

    const failing = await rayx("run", driver, "3");
    assert.equal(failing.code, 3);
    assert.equal((JSON.parse(failing.stdout) as Seen).task, 42);

    const stop = await rayx("stop");
    assert.equal(stop.code, 0, stop.stderr);
    assert.equal(stop.stdout, `stopped head node ${head.nodeId} (pid ${head.pid})\n`);
    assert.deepEqual(
      processes.filter((pid) => isAlive(pid)),
      [],
      "no process of the head is left",
    );
    const again = await rayx("stop");
    assert.equal(again.stdout, `no rayx nodes were started from ${storage}\n`);
  });

  test("stop kills a node that does not stop within the grace period, and all its processes", async () => {
    const start = await rayx("start", "--head", "--port", "0", "--num-workers", "1", "--json");
    assert.equal(start.code, 0, start.stderr);
    const head = JSON.parse(start.stdout) as { nodeId: string; pid: number };
    started.add(head.pid);
    const processes = groupOf(head.pid);
    // A stopped process cannot act on SIGTERM (a busy machine could let a head stop in "0 ms").
    process.kill(head.pid, "SIGSTOP");
    const stop = await rayx("stop", "--grace-ms", "0");
    assert.equal(stop.code, 0, stop.stderr);
    assert.equal(
      stop.stdout,
      `killed head node ${head.nodeId} (pid ${head.pid}): it did not stop within 0 ms\n`,
    );
    assert.deepEqual(
      processes.filter((pid) => isAlive(pid)),
      [],
      "no process of the head is left",
    );
  });

  test("start exits 1 with the daemon's reason when the port is taken", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const start = await rayx("start", "--head", "--port", String(port), "--num-workers", "1");
      assert.equal(start.code, 1);
      assert.match(
        start.stderr,
        new RegExp(
          `rayx: the head node did not start: startNode: cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`,
        ),
      );
      assert.equal(
        readdirSync(join(storage, "nodes")).filter((f) => f.endsWith(".json")).length,
        0,
      );
    } finally {
      taken.close();
    }
  });

  test("run of a script that is not there exits 2 naming its path", async () => {
    const run = await rayx("run", join(storage, "missing.ts"));
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      `rayx: there is no script at ${join(storage, "missing.ts")}: give the path of a driver script\n`,
    );
  });

  test("run without a cluster runs the script on an embedded one", async () => {
    const run = await rayx("run", driver);
    assert.equal(run.code, 0, run.stderr);
    const seen = JSON.parse(run.stdout) as Seen;
    assert.equal(seen.address, null);
    assert.equal(seen.task, 42);
    assert.equal(seen.actorNode, seen.nodeId);
  });
});
