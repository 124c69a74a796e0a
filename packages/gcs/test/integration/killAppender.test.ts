/**
 * Durability under `kill -9`: a forked appender reports each acknowledged window,
 * is killed mid-stream, and the reopened env holds every acknowledged entry.
 */
import assert from "node:assert/strict";
import { fork } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { test } from "node:test";
import { Gcs, openLmdbStore } from "@rayx/gcs";
import { call, tempDir } from "../fixtures.js";

const appender = new URL("./fixtures/appender.ts", import.meta.url);

test("kill -9 of an appender mid-stream loses no acknowledged append; the env reopens and takes more", async () => {
  const tmp = tempDir();
  const dir = join(tmp.dir, "gcs");
  const child = fork(appender, [dir, "victim,bystander", "0"], { execArgv: process.execArgv });
  try {
    let acked = 0;
    const killed = new Promise<void>((resolve) => {
      child.on("message", (m: { acked?: number }) => {
        if (m.acked === undefined) return;
        acked = Math.max(acked, m.acked);
        // Kill while it is still appending (the next window is already in flight).
        if (acked >= 3000 && child.exitCode === null && child.signalCode === null) {
          child.kill("SIGKILL");
          resolve();
        }
      });
    });
    await killed;
    const [, signal] = (await once(child, "exit")) as [number | null, string];
    assert.equal(signal, "SIGKILL");
    assert.ok(acked >= 3000);

    const gcs = new Gcs(openLmdbStore({ dir }));
    try {
      for (const actor of ["victim", "bystander"]) {
        const last = await gcs.lastSeq(actor);
        assert.ok(last >= acked, `${actor}: last seq ${last} < acknowledged ${acked}`);
        let expected = 1;
        for await (const batch of gcs.replayCalls(actor, 1, 1000)) {
          for (const entry of batch) {
            assert.equal(entry.seq, expected);
            assert.equal(Buffer.from(entry.args).toString(), `${actor}#${expected}`);
            expected++;
          }
        }
        assert.equal(expected - 1, last, `${actor}: no hole below the last seq`);
      }
      const next = (await gcs.lastSeq("victim")) + 1;
      await gcs.appendCall("victim", call(next));
      assert.equal(await gcs.lastSeq("victim"), next);
    } finally {
      await gcs.close();
    }
  } finally {
    child.kill("SIGKILL");
    tmp.cleanup();
  }
});
