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
import { isAlive, waitFor } from "../fixtures/processes.js";

describe("shutdown", () => {
  it("stops every worker and removes the session dir it made", async () => {
    const runtime = await init({ numWorkers: 2 });
    const counter = await spawn(Counter);
    assert.equal(await counter.add(1), 1);
    const pids = runtime.workerPids();
    assert.equal(pids.length, 2);
    await shutdown();
    assert.deepEqual(pids.filter(isAlive), []);
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
      // Orphans are reaped by pid 1 a second or two late; a zombie counts as gone.
      await waitFor(
        () => !pids.some(isAlive),
        `workers ${pids.join(", ")} to follow their driver`,
        15_000,
      );
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
