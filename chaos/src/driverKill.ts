/**
 * Scenario "driver-kill": a head (4 workers) in this process holds 20 detached,
 * named counters (maxTaskRetries 3, snapshotEvery 100); drivers in processes of
 * their own load them one after the other, each `kill -9`ed after 2–4 s. Every call
 * a driver saw acknowledged (its stdout lines, read to the end after its death)
 * must be in the state exactly once; what it had pending is abandoned.
 */
import { spawn as spawnProcess } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { init, shutdown } from "@rayx/core";
import { startNode } from "@rayx/core/node";
import { COUNTERS, readTokens, spawnCounters } from "./counterLoad.js";
import { Ledger } from "./Ledger.js";
import type { Kill } from "./load.js";
import { recoveryTimes, runKiller } from "./load.js";
import { descendantsOf, killHard } from "./processes.js";
import type { Scenario, ScenarioContext, ScenarioResult } from "./Scenario.js";

const DRIVER = new URL("./driverProgram.ts", import.meta.url).pathname;
/** Tokens of driver n start at n × this (no driver sends as many calls). */
const TOKENS_PER_DRIVER = 100_000_000;
const names = Array.from({ length: COUNTERS }, (_, i) => `chaos-counter-${i}`);

/** One driver process, its notes fed into `ledger`; `ended` resolves once its stdout is read to the end. */
interface Driver {
  readonly process: ChildProcess;
  readonly ready: Promise<void>;
  readonly ended: Promise<void>;
}

function startDriver(address: string, index: number, ledger: Ledger): Driver {
  const child = spawnProcess(
    process.execPath,
    [
      ...process.execArgv,
      DRIVER,
      address,
      String(index * TOKENS_PER_DRIVER),
      JSON.stringify(names),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout });
  let markReady = (): void => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  lines.on("line", (line) => {
    const [kind, token, detail] = line.split(" ");
    const now = Date.now();
    if (kind === "S") ledger.sent(Number(token), Number(detail), now);
    else if (kind === "A") ledger.settle(Number(token), "ok", now);
    else if (kind === "E") ledger.settle(Number(token), detail as string, now);
    else if (kind === "READY") markReady();
  });
  const ended = new Promise<void>((resolve) => lines.once("close", resolve));
  return { process: child, ready: Promise.race([ready, ended]), ended };
}

async function run(context: ScenarioContext): Promise<ScenarioResult> {
  const head = await startNode({
    head: true,
    numWorkers: 4,
    storageDir: join(context.dir, "head"),
  });
  let driver: Driver | undefined;
  try {
    await init({ address: head.address });
    const counters = await spawnCounters({
      maxTaskRetries: 3,
      snapshotEvery: 100,
      options: (i) => ({ detached: true, name: names[i] as string }),
    });
    const ledger = new Ledger();
    const until = Date.now() + context.durationMs;
    let drivers = 0;
    driver = startDriver(head.address, drivers++, ledger);
    await driver.ready;
    /** Kills the driver running now and reads what it wrote up to its death. */
    const killDriver = async (): Promise<Kill> => {
      const victim = (driver as Driver).process.pid as number;
      const at = Date.now();
      for (const pid of [victim, ...descendantsOf(victim)]) killHard(pid);
      await (driver as Driver).ended;
      ledger.abandonPending(Date.now());
      return { at, victim: `driver ${victim}`, counters: new Set() };
    };
    const kills = await runKiller({
      until,
      kill: async () => {
        const kill = await killDriver();
        driver = startDriver(head.address, drivers++, ledger);
        await driver.ready;
        return kill;
      },
    });
    kills.push(await killDriver());
    context.log(`${drivers} drivers, ${ledger.size} calls sent`);
    const held = await readTokens(counters, context);
    return { ...ledger.tally(held), kills: kills.length, recoveryMs: recoveryTimes(kills, ledger) };
  } finally {
    if (driver?.process.pid !== undefined) killHard(driver.process.pid);
    await shutdown();
    await head.stop();
  }
}

export const driverKill: Scenario = {
  name: "driver-kill",
  description:
    "driver kill -9 while it loads detached counters, maxTaskRetries 3, snapshotEvery 100",
  run,
};
