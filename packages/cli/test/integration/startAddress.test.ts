/**
 * `rayx start --address` with real daemons on loopback: a node joins a head started by
 * the CLI, the head records it alive with its resources, `rayx stop` stops both and
 * leaves no process of either; an address nobody serves fails with the reason.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { groupOf, isAlive, killGroups } from "./processGroups.js";
import { runRayx } from "./runRayx.js";

const storage = mkdtempSync(join(tmpdir(), "rayx-cli-join-"));
const rayx = (...args: string[]) => runRayx(["--storage", storage, ...args]);
const started = new Set<number>();

after(() => {
  killGroups(started);
  rmSync(storage, { recursive: true, force: true });
});

interface Started {
  readonly nodeId: string;
  readonly pid: number;
  readonly address: string;
  readonly role: string;
}

describe("rayx start --address", () => {
  test("joins a node to a head; stop ends both and every worker", async () => {
    const head = await rayx("start", "--head", "--port", "0", "--num-workers", "1", "--json");
    assert.equal(head.code, 0, head.stderr);
    const headNode = JSON.parse(head.stdout) as Started;
    started.add(headNode.pid);
    const join_ = await rayx(
      "start",
      "--address",
      headNode.address,
      "--num-workers",
      "2",
      "--resources",
      '{"side": 1}',
      "--json",
    );
    assert.equal(join_.code, 0, join_.stderr);
    const joined = JSON.parse(join_.stdout) as Started;
    started.add(joined.pid);
    assert.equal(joined.role, "node");
    assert.equal(joined.address, headNode.address);
    const processes = [...groupOf(headNode.pid), ...groupOf(joined.pid)];
    assert.equal(groupOf(joined.pid).length, 3, "the node's agent and its 2 workers run");

    const list = await runRayx(["list", "nodes", "--address", headNode.address, "--json"]);
    assert.equal(list.code, 0, list.stderr);
    const nodes = JSON.parse(list.stdout) as { nodeId: string; state: string; resources: object }[];
    const info = nodes.find((n) => n.nodeId === joined.nodeId);
    assert.equal(info?.state, "alive");
    assert.deepEqual(info?.resources, { cpu: 2, side: 1 });

    const stop = await rayx("stop");
    assert.equal(stop.code, 0, stop.stderr);
    assert.match(stop.stdout, new RegExp(`stopped .*${headNode.nodeId} \\(pid ${headNode.pid}\\)`));
    assert.match(stop.stdout, new RegExp(`stopped .*${joined.nodeId} \\(pid ${joined.pid}\\)`));
    assert.deepEqual(processes.filter(isAlive), [], "no process of either node is left");
  });

  test("exits 1 naming the address when no head answers there", async () => {
    const start = await rayx("start", "--address", "ws://127.0.0.1:9", "--num-workers", "1");
    assert.equal(start.code, 1);
    assert.match(start.stderr, /cannot join the head at ws:\/\/127\.0\.0\.1:9: .*ECONNREFUSED/);
  });
});
