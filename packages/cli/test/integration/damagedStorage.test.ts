/**
 * The CLI's inspection commands on damaged copies of the GCS a real run left behind
 * (a meta page or a page header zeroed or set to 0xff): each exits 1 with a message
 * naming the file, never with a signal (SIGSEGV 139, SIGBUS 135, SIGABRT 134).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runRayx, type RayxRun } from "./runRayx.js";
import { damagedCopy, pooled, stoppedCluster, type StoppedCluster } from "./stoppedCluster.js";

const PAGE = 4096;

/** The main tree's root page (read on every open), from the newer meta page. */
function mainRoot(bytes: Buffer): number {
  const newer = bytes.readBigUInt64LE(PAGE + 152) > bytes.readBigUInt64LE(152) ? PAGE : 0;
  return Number(bytes.readBigUInt64LE(newer + 136));
}

describe("rayx inspection commands on the GCS of a stopped cluster", () => {
  const scratch = mkdtempSync(join(tmpdir(), "rayx-cli-damage-"));
  let cluster: StoppedCluster;
  before(async () => {
    cluster = await stoppedCluster(join(scratch, "storage"));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  const inspections = (dir: string): string[][] => [
    ["status"],
    ["list", "actors"],
    ["tree"],
    ["inspect", cluster.actorId],
    ["history", cluster.actorId],
    ["memory"],
    ["timeline", "-o", join(dir, "trace.json")],
    ["logs", cluster.actorId],
  ];

  test("every inspection command exits 1 naming the file when a meta page or a page header is zeroed or set to 0xff", async () => {
    const header = (fill: number) => (b: Buffer) =>
      void b.fill(fill, mainRoot(b) * PAGE, mainRoot(b) * PAGE + 24);
    // Every command on one damage, one on each other one (a run costs seconds here).
    const damages: [string, (bytes: Buffer) => void, number][] = [
      ["the main root's header zeroed", header(0), 8],
      ["meta page 0 zeroed", (b) => void b.fill(0, 0, 24), 1],
      ["the main root's header set to 0xff", header(0xff), 1],
    ];
    const jobs: (() => Promise<[string, string, RayxRun, string]>)[] = [];
    damages.forEach(([what, damage, count], i) => {
      const dir = join(scratch, `copy-${i}`);
      const file = damagedCopy(cluster.gcsFile, dir, damage);
      for (const args of inspections(dir).slice(0, count)) {
        jobs.push(async () => [what, args[0]!, await runRayx(["--storage", dir, ...args]), file]);
      }
    });
    for (const [what, command, run, file] of await pooled(jobs)) {
      assert.equal(run.code, 1, `${command} on ${what}: exit ${run.code}, ${run.stderr}`);
      assert.ok(
        run.stderr.startsWith(`rayx: GCS file ${file} is damaged: `) &&
          run.stderr.includes("Move its storage dir aside"),
        `${command} on ${what}: ${run.stderr}`,
      );
    }
  });
});
