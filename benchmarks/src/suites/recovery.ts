/**
 * The recovery suite: how long an actor is gone after `kill -9` of its worker process —
 * from the signal to the actor answering again, rebuilt on the other worker from its
 * call log in the GCS (and its latest snapshot) — for logs of 1k and 100k calls, with
 * and without snapshots. Beside it: Erlang/OTP's one_for_one supervisor restart
 * (measured in the same run; an in-process restart from a blank state, so a floor
 * rather than a like-for-like peer) and Ray's published replay note.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { get, init, inspect, kill, shutdown, spawn } from "@rayx/core";
import type { ActorHandle, Runtime } from "@rayx/core";
import { runErlangPeer } from "../kernel/erlangPeer.js";
import { median } from "../measure.js";
import { Counter, SnapshotCounter } from "../runtime/actors.js";
import type { Figure, Row, Suite } from "../Suite.js";

const WORKERS = 2;
const SNAPSHOT_EVERY = 600;
const FILL_WINDOW = 5_000;
const KILLS = 5;
const TARGET_MS = 200;
const POOL_DEADLINE_MS = 30_000;

interface Case {
  readonly calls: number;
  readonly snapshots: boolean;
}

const CASES: readonly Case[] = [
  { calls: 1_000, snapshots: false },
  { calls: 1_000, snapshots: true },
  { calls: 100_000, snapshots: false },
  { calls: 100_000, snapshots: true },
];

type Logged = ActorHandle<Counter> | ActorHandle<SnapshotCounter>;

/** Fills the actor's call log with `calls` logged `add(1)` calls, `FILL_WINDOW` in flight at a time. */
async function fill(actor: Logged, calls: number): Promise<void> {
  for (let done = 0; done < calls; done += FILL_WINDOW) {
    const batch = Math.min(FILL_WINDOW, calls - done);
    await get(Array.from({ length: batch }, () => actor.add(1)));
  }
}

/**
 * Waits (bounded) until the pool has replaced its killed worker, so the next kill finds
 * the actor's rebuild target already running, as the first kill did.
 */
async function poolRefilled(runtime: Runtime): Promise<void> {
  const deadline = Date.now() + POOL_DEADLINE_MS;
  while (runtime.workerPids().length < WORKERS) {
    if (Date.now() > deadline) {
      throw new Error(
        `recovery: the pool did not replace its killed worker in ${POOL_DEADLINE_MS} ms`,
      );
    }
    await sleep(10);
  }
}

/** Milliseconds from `kill -9` of the actor's worker to its first answer, which must be `expected`. */
async function killAndTime(actor: Logged, expected: number): Promise<number> {
  const { pid } = await inspect(actor);
  if (pid === undefined) throw new Error("recovery: inspect() gave the actor no worker pid");
  const start = performance.now();
  process.kill(pid, "SIGKILL");
  const value = await actor.read();
  const elapsed = performance.now() - start;
  if (value !== expected) {
    throw new Error(`recovery: the rebuilt actor answered ${value}, not ${expected}`);
  }
  return elapsed;
}

/** Median recovery time of one case over `KILLS` kills (one unmeasured first). */
async function measureCase(runtime: Runtime, { calls, snapshots }: Case): Promise<number> {
  const actor: Logged = snapshots
    ? await spawn(SnapshotCounter, [], { snapshotEvery: SNAPSHOT_EVERY })
    : await spawn(Counter);
  try {
    await fill(actor, calls);
    const times: number[] = [];
    for (let i = 0; i <= KILLS; i++) {
      await poolRefilled(runtime);
      const elapsed = await killAndTime(actor, calls);
      if (i > 0) times.push(elapsed);
    }
    return median(times);
  } finally {
    await kill(actor);
  }
}

const caseName = ({ calls, snapshots }: Case) =>
  `back after kill -9, ${calls.toLocaleString("en")}-call log, ` +
  (snapshots ? `snapshot every ${SNAPSHOT_EVERY}` : "no snapshots");

const recovery: Suite = {
  name: "recovery",
  description:
    "actor back after kill -9 of its worker (call log replay, snapshots) vs Erlang/OTP restart",
  async run() {
    const notes: string[] = [];
    const erlang = runErlangPeer({
      spawns: 1_000,
      idle: 1_000,
      calls: 1_000,
      sends: 1_000,
      iterations: 1,
      supervisors: 5,
    });
    if (erlang.figures === null) notes.push(erlang.note);
    const erlangRestart: Figure = {
      subject: `Erlang/OTP${erlang.figures ? ` ${erlang.figures.otpRelease}` : ""} one_for_one restart (in-process, blank state)`,
      value: erlang.figures ? erlang.figures.supervisorRestartMicros / 1000 : null,
    };

    const runtime = await init({ numWorkers: WORKERS });
    const rows: Row[] = [];
    try {
      for (const c of CASES) {
        const ms = await measureCase(runtime, c);
        const isTarget = c.calls === 100_000 && c.snapshots;
        rows.push({
          metric: caseName(c),
          unit: "ms",
          higherIsBetter: false,
          rayx: { subject: "rayx", value: ms },
          peers: [erlangRestart],
          ...(isTarget
            ? { target: { description: `≤ ${TARGET_MS} ms`, met: ms <= TARGET_MS } }
            : {}),
        });
      }
    } finally {
      await shutdown();
    }
    return {
      suite: "recovery",
      rows,
      notes: [
        ...notes,
        "Ray (OSDI'18, published, not measured here): with checkpoints an actor's recovery replays 500 " +
          "calls instead of 10k; Ray ≥ 1.0 keeps no actor state across a crash unless the user checkpoints",
        `rayx: init({ numWorkers: ${WORKERS} }); a counter actor whose every add(1) is logged; the ` +
          "clock runs from SIGKILL of its worker to its first answer (a @readonly read of the rebuilt " +
          "count, checked) and includes noticing the death, rebuilding on the other worker and replaying",
        `with snapshots every ${SNAPSHOT_EVERY} calls a rebuild restores the latest one and replays the ` +
          `${1_000 % SNAPSHOT_EVERY} (1k) or ${100_000 % SNAPSHOT_EVERY} (100k) calls logged after it`,
        `median of ${KILLS} kills per case after 1 unmeasured, each once the pool has replaced the killed worker; ` +
          `logs filled with ${FILL_WINDOW.toLocaleString("en")} calls in flight`,
      ],
    };
  },
};

export default recovery;
