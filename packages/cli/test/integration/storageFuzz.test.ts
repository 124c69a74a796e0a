/**
 * Random byte flips in the GCS a real run left behind: whatever a flip hits (a meta
 * page, a page header, a node, a value, a free page), `rayx list` and `rayx history`
 * end with exit 0 or 1 and a message, never with a signal.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runRayx } from "./runRayx.js";
import { damagedCopy, pooled, stoppedCluster } from "./stoppedCluster.js";

/** Trials in `npm test` (a rayx run costs seconds on a loaded machine); the report ran more. */
const TRIALS = Number(process.env["RAYX_FUZZ_TRIALS"] ?? 12);

/** A small deterministic generator, so a failing flip can be found again. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

const scratch = mkdtempSync(join(tmpdir(), "rayx-cli-fuzz-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

test(`${TRIALS} random byte flips in the GCS file never end an inspection command with a signal`, async () => {
  const { gcsFile, actorId } = await stoppedCluster(join(scratch, "storage"));
  const random = seeded(10);
  const size = statSync(gcsFile).size;
  const jobs = Array.from({ length: TRIALS }, (_, trial) => {
    const offset = Math.floor(random() * size);
    const dir = join(scratch, `flip-${trial}`);
    damagedCopy(gcsFile, dir, (b) => void (b[offset] = b[offset]! ^ 0xff));
    const args = trial % 2 === 0 ? ["list", "actors", "--json"] : ["history", actorId, "--json"];
    return async () => ({ offset, args, run: await runRayx(["--storage", dir, ...args]) });
  });
  const outcomes = await pooled(jobs);
  console.log(`# byte flips: exit codes ${JSON.stringify(outcomes.map((o) => o.run.code))}`);
  for (const { offset, args, run } of outcomes) {
    const what = `flip at byte ${offset}, rayx ${args.join(" ")}`;
    assert.ok(run.code === 0 || run.code === 1, `${what}: exit ${run.code} ${run.stderr}`);
    if (run.code === 1) assert.match(run.stderr, /^rayx: /, `${what}: ${run.stderr}`);
  }
});
