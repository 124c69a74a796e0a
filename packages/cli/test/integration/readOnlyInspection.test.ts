/**
 * The CLI's inspection commands never write to what they inspect: run against the
 * storage dir of a stopped cluster (the GCS a real run left behind), they leave its
 * GCS data file's bytes and mtime as they were.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runRayx } from "./runRayx.js";
import { pooled, stoppedCluster } from "./stoppedCluster.js";

const scratch = mkdtempSync(join(tmpdir(), "rayx-cli-readonly-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

test("status, list, tree, inspect, history, memory and timeline leave the GCS file's bytes and mtime as they were", async () => {
  const { gcsFile, storage, actorId } = await stoppedCluster(join(scratch, "storage"));
  const before = readFileSync(gcsFile);
  const mtime = statSync(gcsFile).mtimeMs;
  const commands = [
    ["status"],
    ["list", "actors"],
    ["tree"],
    ["inspect", actorId],
    ["history", actorId],
    ["memory"],
    ["timeline", "-o", join(scratch, "trace.json")],
  ];
  const runs = await pooled(commands.map((args) => () => runRayx(["--storage", storage, ...args])));
  assert.deepEqual(
    runs.map((r) => [r.code, r.stderr]),
    commands.map(() => [0, ""]),
  );
  assert.ok(readFileSync(gcsFile).equals(before), "the GCS file's bytes are unchanged");
  assert.equal(statSync(gcsFile).mtimeMs, mtime, "the GCS file's mtime is unchanged");
});
