/**
 * A head killed with `kill -9` and started again on the same storage dir resumes its
 * cluster: named detached actors answer with their exact state (call log, snapshots),
 * the joined node and this driver reconnect by themselves and run work again, the
 * call in flight at the kill fails with `HeadConnectionLostError`, and a ref made by
 * a task before the kill is rebuilt from lineage. Real daemons (`rayx start`) on
 * loopback, a real SIGKILL; every process is killed by group and the storage removed.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  ActorNotFoundError,
  HeadConnectionLostError,
  get,
  getActor,
  init,
  shutdown,
  spawn,
  state,
} from "@rayx/core";
import type { ActorHandle, ObjectRef } from "@rayx/core";
import { LoggedCounter, SnapshotCounter, hang, plus, square } from "../fixtures/headRestart.js";
import type { StartedNode } from "../fixtures/liveCluster.js";
import { isAlive, killGroups } from "./processGroups.js";
import { jsonOf, runRayx } from "./runRayx.js";

const CALLS = 500;
/** 1 + 2 + … + 500. */
const SUM = (CALLS * (CALLS + 1)) / 2;
/** What the test allows a driver to be answered in once the new head reported ready (measured: ~0.5 s). */
const BACK_WITHIN_MS = 10_000;
/** …and a joined node to run a task again: it starts new workers first (measured: ~7 s on a loaded host). */
const NODE_BACK_WITHIN_MS = 20_000;

const storage = mkdtempSync(join(tmpdir(), "rayx-cli-restart-"));
const rayx = (...args: string[]) => runRayx(["--storage", storage, ...args]);
const started = new Set<number>();

/** Polls `check` until it returns a value, at most `withinMs`; fails with the last error. */
async function within<T>(withinMs: number, check: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function startHead(port: string): Promise<StartedNode> {
  const head = jsonOf(
    await rayx("start", "--head", "--port", port, "--num-workers", "2", "--json"),
  ) as StartedNode;
  started.add(head.pid);
  return head;
}

describe("a head restarted on its storage dir", () => {
  let first: StartedNode;
  let second: StartedNode;
  let joined: StartedNode;
  let logged: ActorHandle<LoggedCounter>;
  let snapshotted: ActorHandle<SnapshotCounter>;
  let squared: ObjectRef<[number, string]>;
  let inFlight: ObjectRef<void>;
  /** When the new head's `rayx start` returned (it reported ready). */
  let headBackAt = 0;
  /** ms from then to the first call this driver got answered. */
  let driverBackMs = 0;

  before(async () => {
    first = await startHead("0");
    joined = jsonOf(
      await rayx(
        ...["--address", first.address, "start", "--num-workers", "1"],
        ...["--resources", JSON.stringify({ joined: 10 }), "--json"],
      ),
    ) as StartedNode;
    started.add(joined.pid);
    await init({ address: first.address });

    logged = await spawn(LoggedCounter, [], { name: "logged", detached: true });
    snapshotted = await spawn(SnapshotCounter, [], { name: "snapshotted", detached: true });
    await spawn(LoggedCounter, [], { name: "of-the-job" });
    const adds: PromiseLike<number>[] = [];
    for (let i = 1; i <= CALLS; i++) adds.push(logged.add(i), snapshotted.add(1));
    await Promise.all(adds);
    squared = square.remote(12);
    await get(squared);
    await state.listTasks(); // the head writes task records behind: these are on disk now

    inFlight = hang.remote();
    process.kill(first.pid, "SIGKILL");
    await within(10_000, () => Promise.resolve(assert.equal(isAlive(first.pid), false)));
    second = await startHead(first.address.split(":").pop() as string);
    headBackAt = Date.now();
    // Made while the driver may still be reconnecting: it waits for the head, then runs.
    await within(BACK_WITHIN_MS, () => state.listNodes());
    driverBackMs = Date.now() - headBackAt;
  });

  after(async () => {
    try {
      await shutdown();
      await rayx("stop");
    } finally {
      killGroups(started);
      rmSync(storage, { recursive: true, force: true });
    }
  });

  test("takes over the killed head's session dir, at the same address", () => {
    assert.equal(second.address, first.address);
    assert.notEqual(second.pid, first.pid);
    assert.equal(dirname(second.sessionDir), dirname(first.sessionDir));
    const time = (dir: string) => basename(dir).split("-")[1];
    assert.equal(time(second.sessionDir), time(first.sessionDir));
    assert.equal(basename(second.sessionDir), `session-${time(first.sessionDir)}-${second.pid}`);
  });

  test("a named detached actor answers with the exact state of its 500 logged calls", async () => {
    const again = await getActor<LoggedCounter>("logged");
    assert.equal(again.actorId, logged.actorId);
    assert.equal(await again.read(), SUM);
    assert.equal(await logged.add(1), SUM + 1);
  });

  test("a snapshotted detached actor comes back from its latest snapshot with its exact state", async () => {
    const again = await getActor<SnapshotCounter>("snapshotted");
    assert.deepEqual(await again.read(), [CALLS, CALLS]);
    assert.equal(await snapshotted.add(1), CALLS + 1);
  });

  test("the call in flight at the kill fails with HeadConnectionLostError naming the head", async (t) => {
    await assert.rejects(get(inFlight), (error: Error) => {
      assert.ok(error instanceof HeadConnectionLostError, String(error));
      assert.match(error.message, new RegExp(`head at ${first.address} was lost`));
      return true;
    });
    t.diagnostic(`driver answered ${driverBackMs} ms after the new head reported ready`);
    assert.ok(driverBackMs < BACK_WITHIN_MS, `driver back after ${driverBackMs} ms`);
  });

  test("the driver runs new work after reconnecting", async () => {
    const [value] = await get(square.remote(7));
    assert.equal(value, 49);
  });

  test("a ref made by a task before the kill is rebuilt from its lineage", async () => {
    assert.equal(await get(plus.remote(squared, 1)), 145);
  });

  test("the joined node rejoins by itself and runs tasks again", async (t) => {
    const ran = await within(NODE_BACK_WITHIN_MS, async () => {
      const nodes = await state.listNodes();
      const node = nodes.find((n) => n.nodeId === joined.nodeId);
      assert.equal(node?.state, "alive");
      return get(square.options({ resources: { joined: 1 } }).remote(3));
    });
    t.diagnostic(
      `joined node ran a task ${Date.now() - headBackAt} ms after the new head reported ready`,
    );
    assert.deepEqual(ran, [9, joined.sessionDir]);
  });

  test("a non-detached actor of the killed head's job ended with it", async () => {
    await assert.rejects(getActor("of-the-job"), ActorNotFoundError);
  });
});
