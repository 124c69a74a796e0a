/**
 * Cross-process subscriptions: a forked process writes to the shared LMDB env
 * directly, and both a local subscriber and a ws subscriber of the node's Gcs hear it.
 */
import assert from "node:assert/strict";
import { fork } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { test } from "node:test";
import { Gcs, GcsClient, openLmdbStore, startGcsServer, type GcsServer } from "@rayx/gcs";
import { tempDir } from "../fixtures.js";

const writer = new URL("./fixtures/writer.ts", import.meta.url);

/**
 * `check()` after each push notes when `done()` holds; `within(ms)` resolves once it
 * has, or rejects after `ms`. The deadline starts at `within`, after the slow fork.
 */
function until(done: () => boolean, what: string) {
  let reached = (): void => undefined;
  const promise = new Promise<void>((resolve) => (reached = resolve));
  return {
    check: () => {
      if (done()) reached();
    },
    within: async (ms: number) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} not seen within ${ms} ms`)), ms);
      });
      try {
        await Promise.race([promise, late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

test("changes another process writes to the env reach local and ws subscribers", async () => {
  const tmp = tempDir();
  const dir = join(tmp.dir, "gcs");
  const gcs = new Gcs(openLmdbStore({ dir }), { changePollMs: 5 });
  let server: GcsServer | undefined;
  let client: GcsClient | undefined;
  try {
    server = await startGcsServer({ gcs });
    client = await GcsClient.connect(server.url);
    const local: string[] = [];
    const remote: string[] = [];
    const all = until(() => local.length === 3 && remote.length === 3, "three changes");
    const record = (into: string[]) => (text: string) => {
      into.push(text);
      all.check();
    };
    for (const [into, api] of [
      [local, gcs],
      [remote, client],
    ] as const) {
      const push = record(into);
      await api.subscribe("nodes", (n) => push(`node ${n.nodeId} ${n.state}`));
      await api.subscribe("actors", (a) => push(`actor ${a.actorId} ${a.state}`));
      await api.subscribe("names", (c) => push(`name ${c.entry.name} ${c.entry.actorId}`));
    }
    const child = fork(writer, [dir], { execArgv: process.execArgv });
    assert.deepEqual(await once(child, "exit"), [0, null]);
    await all.within(10_000);
    const expected = [
      "node worker-node alive",
      "actor worker-actor crashed",
      "name worker worker-actor",
    ];
    assert.deepEqual(local, expected);
    assert.deepEqual(remote, expected);
  } finally {
    // Also when connecting failed: an open server would keep the file's process alive.
    await client?.close();
    await server?.close();
    await gcs.close();
    tmp.cleanup();
  }
});
