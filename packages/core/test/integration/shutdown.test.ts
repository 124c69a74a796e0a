import assert from "node:assert/strict";
import { spawn as spawnProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { init, shutdown, spawn } from "@rayx/core";
import { Counter } from "../fixtures/actors.js";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function allGone(pids: readonly number[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (pids.some(alive)) {
    assert.ok(
      Date.now() < deadline,
      `workers ${pids.filter(alive).join(", ")} outlived their driver`,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("shutdown", () => {
  it("stops every worker and removes the session dir it made", async () => {
    const runtime = await init({ numWorkers: 2 });
    const counter = await spawn(Counter);
    assert.equal(await counter.add(1), 1);
    const pids = runtime.workerPids();
    assert.equal(pids.length, 2);
    await shutdown();
    assert.deepEqual(pids.filter(alive), []);
    assert.equal(existsSync(runtime.sessionDir), false);
  });

  it("leaves no worker behind when the driver itself is killed with SIGKILL", async () => {
    const storageDir = mkdtempSync(join(tmpdir(), "rayx-driver-"));
    const driver = spawnProcess(
      process.execPath,
      [
        "--conditions=rayx-source",
        "--import",
        "tsx",
        fileURLToPath(new URL("../fixtures/driverProgram.ts", import.meta.url)),
        storageDir,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: driver.stdout }).once("line", resolve);
        driver.once("exit", (code) => reject(new Error(`driver exited early (code ${code})`)));
      });
      const { pids } = JSON.parse(line) as { pids: number[] };
      assert.equal(pids.length, 2);
      driver.kill("SIGKILL");
      await allGone(pids);
      // The killed driver could not remove its object store on /dev/shm; the next init() does.
      const leftBehind = () =>
        existsSync("/dev/shm")
          ? readdirSync("/dev/shm").filter((name) => name.includes(`-${driver.pid}-`))
          : [];
      await init({ numWorkers: 1 });
      await shutdown();
      assert.deepEqual(leftBehind(), []);
    } finally {
      driver.kill("SIGKILL");
      rmSync(storageDir, { recursive: true, force: true });
    }
  });
});
