/**
 * A full disk: the env sits on a 512 KiB tmpfs mounted in a private mount namespace
 * (`unshare -m`, which needs root, as on every machine of this project), and an
 * appender fills it. The failing append rejects with `StorageFullError`, every
 * acknowledged append reads back, and the process lives on.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { tempDir } from "../fixtures.js";

const fillDisk = new URL("./fixtures/fillDisk.ts", import.meta.url).pathname;

test("a full disk fails the append with StorageFullError; acknowledged appends survive and the process lives on", async () => {
  const tmp = tempDir();
  const mountPoint = join(tmp.dir, "small-disk");
  mkdirSync(mountPoint);
  try {
    const node = [
      process.execPath,
      ...process.execArgv.filter((flag) => !flag.startsWith("--test")),
      fillDisk,
      join(mountPoint, "gcs"),
    ]
      .map((word) => `'${word}'`)
      .join(" ");
    const { stdout } = await promisify(execFile)(
      "unshare",
      ["-m", "sh", "-c", `mount -t tmpfs -o size=512k tmpfs '${mountPoint}' && exec ${node}`],
      { timeout: 60_000 },
    );
    const report = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
      name: string;
      message: string;
      acknowledged: number;
      readBack: number;
    };
    assert.equal(report.name, "StorageFullError");
    assert.match(report.message, /is full: free disk space/);
    assert.ok(report.acknowledged > 0);
    assert.equal(report.readBack, report.acknowledged);
  } finally {
    tmp.cleanup();
  }
});
