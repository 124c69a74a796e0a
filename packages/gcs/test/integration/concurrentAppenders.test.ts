/**
 * Four forked processes append to twenty actors' logs in one shared LMDB env at
 * once, and race for one name: nothing lost, nothing mixed, one winner.
 */
import assert from "node:assert/strict";
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { test } from "node:test";
import { Gcs, openLmdbStore } from "@rayx/gcs";
import { tempDir } from "../fixtures.js";

const appender = new URL("./fixtures/appender.ts", import.meta.url);

test("appends from four processes to twenty actors at once are all kept, in order per actor", async () => {
  const tmp = tempDir();
  const dir = join(tmp.dir, "gcs");
  const children: ChildProcess[] = [];
  try {
    const PER_ACTOR = 600;
    const actorsOf = (p: number) => Array.from({ length: 5 }, (_, a) => `p${p}-a${a}`);
    const claims: boolean[] = [];
    for (let p = 0; p < 4; p++) {
      const child = fork(appender, [dir, actorsOf(p).join(","), String(PER_ACTOR)], {
        execArgv: process.execArgv,
      });
      child.on("message", (m: { claimed?: boolean }) => {
        if (m.claimed !== undefined) claims.push(m.claimed);
      });
      children.push(child);
    }
    // "close", not "exit": it comes after every IPC message of the child was delivered.
    const codes = await Promise.all(
      children.map((c) => once(c, "close").then(([code]) => code as number)),
    );
    assert.deepEqual(codes, [0, 0, 0, 0]);
    assert.deepEqual(claims.length, 4, "every process reports its claim");
    assert.deepEqual(claims.filter((won) => won).length, 1, "exactly one process claims the name");

    const gcs = new Gcs(openLmdbStore({ dir }));
    try {
      for (let p = 0; p < 4; p++) {
        for (const actor of actorsOf(p)) {
          const calls = await gcs.readCalls(actor, 0, PER_ACTOR + 10);
          assert.equal(calls.length, PER_ACTOR, `${actor} has every entry`);
          calls.forEach((c, i) => {
            assert.equal(c.seq, i + 1);
            assert.equal(Buffer.from(c.args).toString(), `${actor}#${i + 1}`);
          });
        }
      }
      assert.match((await gcs.lookupName("test", "leader"))!, /^pid-\d+$/);
    } finally {
      await gcs.close();
    }
  } finally {
    for (const child of children) child.kill("SIGKILL");
    tmp.cleanup();
  }
});
