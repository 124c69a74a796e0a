/**
 * Scenario "head-kill": a head (2 workers) and a joined node (1 worker) in processes
 * of their own, 20 named detached counters (maxTaskRetries 3, snapshotEvery 100)
 * loaded by this process as a driver; every 10–15 s the head — its process and its
 * workers — gets `kill -9` and a new head starts on the same storage dir and port.
 * The head resumes its session (the counters rebuilt from their logs and snapshots),
 * the joined node and this driver reconnect by themselves; calls in flight at a kill
 * reject with `HeadConnectionLostError` (outcome unknown), every acknowledged one
 * must be in the state exactly once.
 */
import { spawn as spawnProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { init, shutdown } from "@rayx/core";
import { COUNTERS, loadUnderKills, spawnCounters } from "./counterLoad.js";
import type { Kill } from "./load.js";
import { descendantsOf, isAlive, killHard, waitUntil } from "./processes.js";
import type { Scenario, ScenarioContext, ScenarioResult } from "./Scenario.js";

const HEAD_NODE = new URL("./headNode.ts", import.meta.url).pathname;
const JOIN_NODE = new URL("./joinNode.ts", import.meta.url).pathname;
/** How long a node may take to start (workers, and a resumed head's replays). */
const START_TIMEOUT_MS = 60_000;

interface StartedNode {
  readonly nodeId: string;
  readonly pid: number;
  readonly address?: string;
}

/** Starts `script` with `args` and resolves the node it prints once it is up. */
async function startProcess(script: string, args: readonly string[]): Promise<StartedNode> {
  const child = spawnProcess(process.execPath, [...process.execArgv, script, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let timer: NodeJS.Timeout | undefined;
  const line = await new Promise<string>((resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${script} not up within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`${script} exited (${code}) before it was up`)));
  }).finally(() => clearTimeout(timer));
  return JSON.parse(line) as StartedNode;
}

function killTree(pid: number): void {
  for (const p of [pid, ...descendantsOf(pid)]) killHard(p);
}

async function run(context: ScenarioContext): Promise<ScenarioResult> {
  const storageDir = join(context.dir, "head");
  const startHead = (port: number) =>
    startProcess(HEAD_NODE, [JSON.stringify({ storageDir, numWorkers: 2, port })]);
  let head = await startHead(0);
  const address = head.address as string;
  const port = Number(address.split(":").pop());
  let joined: StartedNode | undefined;
  try {
    joined = await startProcess(JOIN_NODE, [
      address,
      JSON.stringify({ storageDir: join(context.dir, "node"), numWorkers: 1 }),
    ]);
    await init({ address });
    const counters = await spawnCounters({
      maxTaskRetries: 3,
      snapshotEvery: 100,
      options: (i) => ({ detached: true, name: `head-kill-counter-${i}` }),
    });
    const everyCounter = new Set(Array.from({ length: COUNTERS }, (_, i) => i));
    const kill = async (): Promise<Kill> => {
      const victim = head;
      const at = Date.now();
      killTree(victim.pid);
      await waitUntil(() => !isAlive(victim.pid), `${victim.nodeId} gone`, START_TIMEOUT_MS);
      head = await startHead(port);
      context.log(`killed ${victim.nodeId}; ${head.nodeId} resumed in ${Date.now() - at} ms`);
      // While the head is away no counter answers: each one's recovery is timed.
      return { at, victim: victim.nodeId, counters: everyCounter };
    };
    return await loadUnderKills(counters, context, kill, [10_000, 15_000]);
  } finally {
    await shutdown();
    killTree(head.pid);
    if (joined !== undefined) killTree(joined.pid);
  }
}

export const headKill: Scenario = {
  name: "head-kill",
  description:
    "head kill -9 (process + workers), restarted on its storage dir; detached counters, maxTaskRetries 3, snapshotEvery 100",
  run,
};
