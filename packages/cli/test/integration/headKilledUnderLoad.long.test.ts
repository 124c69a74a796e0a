/**
 * The chaos scenario "head killed and restarted": named detached ledgers (each keeps
 * the id of every call applied to it; half are snapshotted) on the head and on a
 * joined node take calls from this driver, several in flight each, while the head is
 * `kill -9`ed and started again on its storage dir. Every call its caller saw
 * acknowledged must be in its ledger exactly once: lost and doubled counts are 0.
 * Calls in flight at the kill may fail (`HeadConnectionLostError`); how many of those
 * were applied anyway is reported, not judged. Real daemons, a real SIGKILL.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { HeadConnectionLostError, init, shutdown, spawn } from "@rayx/core";
import type { ActorHandle } from "@rayx/core";
import { Ledger, SnapshotLedger } from "../fixtures/headRestart.js";
import type { StartedNode } from "../fixtures/liveCluster.js";
import { isAlive, killGroups } from "./processGroups.js";
import { jsonOf, runRayx } from "./runRayx.js";

const LEDGERS = 8;
/** Calls each ledger has in flight at any time. */
const IN_FLIGHT = 5;
/** Acknowledged calls per ledger before the kill, and again after the restart. */
const CALLS_BEFORE = 100;
const CALLS_AFTER = 50;
const DEADLINE_MS = 60_000;

const storage = mkdtempSync(join(tmpdir(), "rayx-cli-head-chaos-"));
const rayx = (...args: string[]) => runRayx(["--storage", storage, ...args]);
const started = new Set<number>();

after(async () => {
  try {
    await shutdown();
    await rayx("stop");
  } finally {
    killGroups(started);
    rmSync(storage, { recursive: true, force: true });
  }
});

/** Polls `ready` until true, at most `DEADLINE_MS`, without sleeping. */
async function until(what: string, ready: () => boolean): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${DEADLINE_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** One ledger under load: what its callers were told about each call id. */
class Load {
  readonly acked = new Set<number>();
  readonly rejected = new Map<number, string>();
  #next = 0;
  #running = true;
  readonly #loops: Promise<void>[];

  constructor(
    readonly ledger: ActorHandle<Ledger>,
    readonly base: number,
  ) {
    this.#loops = Array.from({ length: IN_FLIGHT }, () => this.#loop());
  }

  async #loop(): Promise<void> {
    while (this.#running) {
      const callId = this.base + this.#next++;
      try {
        await this.ledger.add(callId);
        this.acked.add(callId);
      } catch (error) {
        this.rejected.set(callId, (error as Error).name);
        if (!(error instanceof HeadConnectionLostError)) throw error;
      }
    }
  }

  stop(): Promise<void[]> {
    this.#running = false;
    return Promise.all(this.#loops);
  }
}

describe("chaos: the head killed and restarted under load", () => {
  test("loses and doubles no acknowledged call of its named detached actors", async (t) => {
    const first = jsonOf(
      await rayx("start", "--head", "--port", "0", "--num-workers", "1", "--json"),
    ) as StartedNode;
    started.add(first.pid);
    const joined = jsonOf(
      await rayx(
        ...["--address", first.address, "start", "--num-workers", "1"],
        ...["--resources", JSON.stringify({ joined: 100 }), "--json"],
      ),
    ) as StartedNode;
    started.add(joined.pid);
    await init({ address: first.address });

    const loads: Load[] = [];
    for (let i = 0; i < LEDGERS; i++) {
      const ledger = await spawn(i % 2 === 0 ? Ledger : SnapshotLedger, [], {
        name: `ledger-${i}`,
        detached: true,
        ...(i < LEDGERS / 2 ? {} : { resources: { joined: 1 } }),
      });
      loads.push(new Load(ledger, i * 1_000_000));
    }
    await until("calls before the kill", () => loads.every((l) => l.acked.size >= CALLS_BEFORE));

    process.kill(first.pid, "SIGKILL");
    const killedAt = Date.now();
    await until("the head gone", () => !isAlive(first.pid));
    const ackedAtKill = loads.map((l) => l.acked.size);
    const second = jsonOf(
      await rayx(
        ...["start", "--head", "--port", first.address.split(":").pop() as string],
        ...["--num-workers", "1", "--json"],
      ),
    ) as StartedNode;
    started.add(second.pid);
    const readyAt = Date.now();
    await until("calls after the restart", () =>
      loads.every((l, i) => l.acked.size >= (ackedAtKill[i] as number) + CALLS_AFTER),
    );
    const recoveredAt = Date.now();
    await Promise.all(loads.map((l) => l.stop()));

    let acked = 0;
    let lost = 0;
    let doubled = 0;
    let rejected = 0;
    let appliedButRejected = 0;
    for (const load of loads) {
      const seen = await load.ledger.read();
      const counts = new Map<number, number>();
      for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
      acked += load.acked.size;
      rejected += load.rejected.size;
      for (const id of load.acked) if (!counts.has(id)) lost++;
      for (const n of counts.values()) if (n > 1) doubled += n - 1;
      for (const id of load.rejected.keys()) if (counts.has(id)) appliedButRejected++;
    }
    t.diagnostic(
      `acked ${acked}, lost ${lost}, doubled ${doubled}, rejected ${rejected} ` +
        `(applied anyway ${appliedButRejected}); head down ${readyAt - killedAt} ms, ` +
        `every ledger answering ${CALLS_AFTER} more calls ${recoveredAt - readyAt} ms after the new head was ready`,
    );
    assert.deepEqual({ lost, doubled }, { lost: 0, doubled: 0 });
    const reasons = new Set(loads.flatMap((l) => [...l.rejected.values()]));
    assert.ok(
      [...reasons].every((name) => name === "HeadConnectionLostError"),
      [...reasons].join(),
    );
    assert.ok(
      rejected <= LEDGERS * IN_FLIGHT,
      `${rejected} rejected: only calls in flight at the kill`,
    );
  });
});
