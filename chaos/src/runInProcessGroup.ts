/**
 * Starts `runScenario.ts` for one scenario in a process group of its own with a
 * fresh temp dir, waits for its `RESULT` line (bounded: the run's duration plus a
 * grace period), then kills the whole group and every process still below it with
 * `kill -9` and removes the dir — also when the scenario failed or hung.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { descendantsOf, isAlive, killHard, waitUntil } from "./processes.js";
import type { ScenarioResult } from "./Scenario.js";

const RUN_SCENARIO = new URL("./runScenario.ts", import.meta.url).pathname;
/** Set-up, drain and read-back on top of the load's duration. */
const GRACE_MS = 120_000;

/** The scenario processes running now (group leader pid → its dir), for `abortScenarios`. */
const running = new Map<number, string>();

/** Kills every scenario process group still running and removes their dirs (on SIGINT/SIGTERM). */
export function abortScenarios(): void {
  for (const [pid, dir] of running) {
    for (const p of [pid, ...descendantsOf(pid)]) killHard(p);
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // The group is gone already.
    }
    rmSync(dir, { recursive: true, force: true });
  }
  running.clear();
}

export async function runInProcessGroup(name: string, durationMs: number): Promise<ScenarioResult> {
  const dir = mkdtempSync(join(tmpdir(), `rayx-chaos-${name}-`));
  const child = spawn(
    process.execPath,
    [...process.execArgv, RUN_SCENARIO, name, String(durationMs), dir],
    { detached: true, stdio: ["ignore", "pipe", "inherit"] },
  );
  const pid = child.pid as number;
  running.set(pid, dir);
  try {
    return await new Promise<ScenarioResult>((resolve, reject) => {
      let result: ScenarioResult | undefined;
      const timer = setTimeout(
        () =>
          reject(new Error(`scenario ${name} did not finish within ${durationMs + GRACE_MS} ms`)),
        durationMs + GRACE_MS,
      );
      createInterface({ input: child.stdout }).on("line", (line) => {
        if (line.startsWith("RESULT ")) result = JSON.parse(line.slice(7)) as ScenarioResult;
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        if (result !== undefined) resolve(result);
        else reject(new Error(`scenario ${name} exited (${signal ?? code}) without a result`));
      });
    });
  } finally {
    const left = [pid, ...descendantsOf(pid)];
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // The group is gone already.
    }
    for (const p of left) killHard(p);
    await waitUntil(
      () => left.every((p) => !isAlive(p)),
      `scenario ${name}'s processes to exit`,
      10_000,
    );
    rmSync(dir, { recursive: true, force: true });
    running.delete(pid);
  }
}
