/**
 * `rayx logs` on a storage dir whose node keeps worker log files as a worker pool
 * writes them (`<session>/logs/worker-<pid>.out|err`): an actor's, a worker's and a
 * node's output, `--json`, `--follow` of a live process until it exits, and the
 * errors for logs that are not on this host.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, describe, test } from "node:test";
import { clusterFixture, sessionDirOf, type ClusterFixture } from "./clusterFixture.js";
import { jsonOf, runRayx, spawnRayx } from "./runRayx.js";

describe("rayx logs", () => {
  let cluster: ClusterFixture;
  let logs: string;
  const rayx = (...args: string[]) => runRayx(["--storage", cluster.storage, ...args]);

  before(async () => {
    // The fixture's nodes ran here: their log files are this host's.
    cluster = await clusterFixture(hostname());
    logs = join(sessionDirOf(cluster.storage), "logs");
    mkdirSync(logs);
    // Actor a1 ("counter") runs on worker pid 101, a2 on pid 102.
    writeFileSync(join(logs, "worker-101.out"), "counter ready\nadd 1\n");
    writeFileSync(join(logs, "worker-101.err"), "warning: slow\n");
    writeFileSync(join(logs, "worker-102.out"), "worker 102\n");
    writeFileSync(join(logs, "worker-102.err"), "");
  });
  after(async () => {
    await cluster.gcs.close();
    await cluster.remove();
  });

  test("prints the stdout and stderr of the worker hosting an actor named by name or id", async () => {
    const [byName, byId] = await Promise.all([rayx("logs", "counter"), rayx("logs", "a1")]);
    for (const run of [byName, byId]) {
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, "counter ready\nadd 1\n");
      assert.equal(run.stderr, "warning: slow\n");
    }
  });

  test("prints a worker's output by pid, and every worker file of a node under a header", async () => {
    const [worker, node] = await Promise.all([rayx("logs", "102"), rayx("logs", "n1")]);
    assert.equal(worker.stdout, "worker 102\n");
    assert.equal(worker.stderr, "");
    assert.equal(
      node.stdout,
      [
        "==> worker-101.err <==",
        "==> worker-101.out <==",
        "counter ready",
        "add 1",
        "==> worker-102.err <==",
        "==> worker-102.out <==",
        "worker 102",
        "",
      ].join("\n"),
    );
    assert.equal(node.stderr, "warning: slow\n");
  });

  test("prints the files and their text as JSON", async () => {
    const run = await rayx("logs", "counter", "--json");
    assert.deepEqual(jsonOf(run), {
      kind: "actor",
      id: "a1",
      pid: 101,
      nodeId: "n1",
      files: [
        { path: join(logs, "worker-101.err"), stream: "err", text: "warning: slow\n" },
        { path: join(logs, "worker-101.out"), stream: "out", text: "counter ready\nadd 1\n" },
      ],
    });
  });

  test("exits 1 naming the storage dir when the logs are not on this host, and for an actor on no worker", async () => {
    const [missing, stopped] = await Promise.all([rayx("logs", "999"), rayx("logs", "a3")]);
    assert.equal(missing.code, 1);
    assert.equal(
      missing.stderr,
      `rayx: no log files of worker pid 999 under ${cluster.storage}: logs stay on the host that ran the process; ` +
        "run `rayx logs` there, or point --storage at the node's storage dir\n",
    );
    assert.equal(stopped.code, 1);
    assert.match(
      stopped.stderr,
      /^rayx: no log files of actor a3 \(it runs on no worker now: stopped\)/,
    );
  });

  test("exits 2 when --follow is combined with --json", async () => {
    const run = await rayx("logs", "counter", "--follow", "--json");
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      "rayx: --follow prints as output arrives; it cannot be used with --json\n",
    );
  });

  test("--follow prints what a live worker appends and ends when it exits", async () => {
    // A real process standing in for a worker: it appends to its log file as its pool would.
    const script =
      "const fs = require('node:fs');" +
      "const file = require('node:path').join(process.argv[1], 'worker-' + process.pid + '.out');" +
      "fs.appendFileSync(file, 'first\\n'); console.log('written');" +
      "process.stdin.once('data', () => { fs.appendFileSync(file, 'second\\n'); process.exit(0); });";
    const worker = spawn(process.execPath, ["-e", script, logs], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    let follower: ChildProcessWithoutNullStreams | undefined;
    try {
      await new Promise((resolve) =>
        createInterface({ input: worker.stdout }).once("line", resolve),
      );
      follower = spawnRayx(["--storage", cluster.storage, "logs", String(worker.pid), "--follow"]);
      const output = { stdout: "", stderr: "" };
      follower.stdout.setEncoding("utf8").on("data", (chunk: string) => (output.stdout += chunk));
      follower.stderr.setEncoding("utf8").on("data", (chunk: string) => (output.stderr += chunk));
      const exited = new Promise<number | null>((resolve) => follower?.once("exit", resolve));
      await new Promise<void>((resolve) => {
        const check = () => (output.stdout === "first\n" ? resolve() : undefined);
        follower?.stdout.on("data", check);
      });
      worker.stdin.write("go\n");
      assert.equal(await exited, 0);
      assert.equal(output.stdout, "first\nsecond\n");
      assert.equal(output.stderr, `rayx: worker pid ${worker.pid} has exited\n`);
    } finally {
      worker.kill("SIGKILL");
      follower?.kill("SIGKILL");
    }
  });
});
