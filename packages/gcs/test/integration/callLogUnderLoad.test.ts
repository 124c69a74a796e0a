/**
 * The call log under load and kills, on one real LMDB env shared by forked processes:
 * four appenders write the logs of 2,500 actors each (snapshotting and compacting a
 * tenth of them every few rounds), two readers replay random logs throughout, and one
 * appender is killed with SIGKILL mid-write and started again. Every acknowledged
 * entry must then be readable exactly once, in order, from a fresh process.
 */
import assert from "node:assert/strict";
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { test } from "node:test";
import { Gcs, openLmdbStore } from "@rayx/gcs";
import { tempDir } from "../fixtures.js";

const load = new URL("./fixtures/callLogLoad.ts", import.meta.url);
const APPENDERS = 4;
const ACTORS = 2_500;
const ROUNDS = 20;
const SNAPSHOT_EVERY = 5;
const KILL_AFTER_ROUND = 8;

interface Child {
  readonly process: ChildProcess;
  readonly acked: () => number;
  readonly errors: string[];
  readonly closed: Promise<[number | null, string | null]>;
}

function start(args: string[], onAck?: (round: number, child: ChildProcess) => void): Child {
  const child = fork(load, args, { execArgv: process.execArgv, stdio: "pipe" });
  let acked = 0;
  const errors: string[] = [];
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.on("message", (m: { acked?: number; error?: string }) => {
    if (m.error !== undefined) errors.push(m.error);
    if (m.acked === undefined) return;
    acked = m.acked;
    onAck?.(m.acked, child);
  });
  // "close", not "exit": it comes after every IPC message of the child was delivered.
  const closed = once(child, "close").then(([code, signal]) => {
    if (stderr.trim() !== "") errors.push(stderr.trim());
    return [code, signal] as [number | null, string | null];
  });
  return { process: child, acked: () => acked, errors, closed };
}

test("acknowledged call-log entries survive concurrent appenders, replays, compaction and a kill -9, each once and in order", async () => {
  const tmp = tempDir();
  const dir = join(tmp.dir, "gcs");
  const all: Child[] = [];
  try {
    const began = Date.now();
    const prefixes = Array.from({ length: APPENDERS }, (_, p) => `p${p}`);
    const appendArgs = (prefix: string) => [
      "append",
      dir,
      prefix,
      String(ACTORS),
      String(ROUNDS),
      String(SNAPSHOT_EVERY),
    ];
    let ackedAtKill = 0;
    const victimKilled = new Promise<void>((resolve) => {
      all.push(
        start(appendArgs(prefixes[0]!), (round, child) => {
          if (round < KILL_AFTER_ROUND || ackedAtKill > 0) return;
          ackedAtKill = round;
          child.kill("SIGKILL"); // its next round is already in flight
          resolve();
        }),
      );
    });
    for (const prefix of prefixes.slice(1)) all.push(start(appendArgs(prefix)));
    const readers = [
      start(["read", dir, prefixes.join(","), String(ACTORS)]),
      start(["read", dir, prefixes.join(","), String(ACTORS)]),
    ];
    all.push(...readers);

    await victimKilled;
    assert.deepEqual(await all[0]!.closed, [null, "SIGKILL"]);
    const restarted = start(appendArgs(prefixes[0]!));
    all.push(restarted);
    const appenders = [restarted, ...all.slice(1, APPENDERS)];
    const results = await Promise.all(appenders.map((c) => c.closed));
    for (const reader of readers) reader.process.send("stop");
    const readerResults = await Promise.all(readers.map((c) => c.closed));
    const seconds = (Date.now() - began) / 1000;
    assert.deepEqual(
      all.flatMap((c) => c.errors),
      [],
      "no process reports an error",
    );
    assert.deepEqual(
      results,
      appenders.map(() => [0, null]),
    );
    assert.deepEqual(readerResults, [
      [0, null],
      [0, null],
    ]);
    assert.ok(ackedAtKill >= KILL_AFTER_ROUND);
    const appends = APPENDERS * ACTORS * ROUNDS;
    console.log(
      `# ${appends} appends in ${seconds.toFixed(1)} s (${Math.round(appends / seconds)}/s)`,
    );

    const gcs = new Gcs(openLmdbStore({ dir }));
    try {
      for (const prefix of prefixes) {
        for (let i = 0; i < ACTORS; i++) {
          const actor = `${prefix}-${i}`;
          const from = ((await gcs.latestSnapshot(actor))?.seq ?? 0) + 1;
          const seqs: number[] = [];
          // A replay starts after the snapshot (entries below it may outlive a kill
          // between the snapshot's commit and its compaction; the next one removes them).
          for await (const batch of gcs.replayCalls(actor, from, 100)) {
            for (const entry of batch) {
              assert.equal(Buffer.from(entry.args).toString(), `${actor}#${entry.seq}`);
              seqs.push(entry.seq);
            }
          }
          const expected = Array.from({ length: ROUNDS - from + 1 }, (_, k) => from + k);
          assert.deepEqual(seqs, expected, `${actor}: the entries after its snapshot, once each`);
        }
      }
    } finally {
      await gcs.close();
    }
  } finally {
    for (const child of all) child.process.kill("SIGKILL");
    tmp.cleanup();
  }
});
