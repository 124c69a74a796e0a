/**
 * Scenario "node-kill": a head (2 workers) in this process, the load's driver
 * connected to it over ws, and two joined nodes (1 worker each) in processes of
 * their own; every 4–8 s one joined node — its agent and its workers — gets
 * `kill -9` and a fresh node joins in its place. Counters retry 3 times and snapshot.
 */
import { spawn as spawnProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { init, inspect, shutdown, state } from "@rayx/core";
import { startNode } from "@rayx/core/node";
import { loadUnderKills, spawnCounters } from "./counterLoad.js";
import type { Kill } from "./load.js";
import { descendantsOf, killHard, waitUntil } from "./processes.js";
import type { Scenario, ScenarioContext, ScenarioResult } from "./Scenario.js";

const JOIN_NODE = new URL("./joinNode.ts", import.meta.url).pathname;
/** How long a node may take to join, or the head to see it gone. */
const NODE_TIMEOUT_MS = 30_000;

interface JoinedNode {
  readonly nodeId: string;
  readonly pid: number;
}

async function nodeState(nodeId: string): Promise<string | undefined> {
  return (await state.listNodes()).find((n) => n.nodeId === nodeId)?.state;
}

async function joinNode(address: string, storageDir: string): Promise<JoinedNode> {
  const options = JSON.stringify({ storageDir, numWorkers: 1 });
  const child = spawnProcess(process.execPath, [...process.execArgv, JOIN_NODE, address, options], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`joinNode exited (${code}) before joining`)));
  });
  const node = JSON.parse(line) as JoinedNode;
  await waitUntil(
    async () => (await nodeState(node.nodeId)) === "alive",
    `${node.nodeId} alive`,
    NODE_TIMEOUT_MS,
  );
  return node;
}

async function run(context: ScenarioContext): Promise<ScenarioResult> {
  const head = await startNode({
    head: true,
    numWorkers: 2,
    storageDir: join(context.dir, "head"),
  });
  const nodes: JoinedNode[] = [];
  let joined = 0;
  const addNode = async () => {
    nodes.push(await joinNode(head.address, join(context.dir, `node-${++joined}`)));
  };
  try {
    await init({ address: head.address });
    await addNode();
    await addNode();
    const counters = await spawnCounters({ maxTaskRetries: 3, snapshotEvery: 100 });
    const kill = async (): Promise<Kill | undefined> => {
      const victim = nodes.splice(Math.floor(Math.random() * nodes.length), 1)[0];
      if (victim === undefined) return undefined;
      const infos = await Promise.all(counters.map((c) => inspect(c).catch(() => undefined)));
      const hosted = new Set(
        infos.flatMap((info, i) => (info?.nodeId === victim.nodeId ? [i] : [])),
      );
      const at = Date.now();
      for (const pid of [victim.pid, ...descendantsOf(victim.pid)]) killHard(pid);
      context.log(`killed ${victim.nodeId} (${hosted.size} counters)`);
      await addNode();
      return { at, victim: victim.nodeId, counters: hosted };
    };
    return await loadUnderKills(counters, context, kill, [4_000, 8_000]);
  } finally {
    await shutdown();
    await head.stop();
    for (const node of nodes)
      for (const pid of [node.pid, ...descendantsOf(node.pid)]) killHard(pid);
  }
}

export const nodeKill: Scenario = {
  name: "node-kill",
  description: "joined node kill -9 (agent + workers), maxTaskRetries 3, snapshotEvery 100",
  run,
};
