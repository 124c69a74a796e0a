/**
 * The kernel suite: rayx's in-process actor kernel (`@rayx/actors`) beside the plain
 * array-and-promise mailbox (the limit), nact and Erlang/OTP 25 — calls/s (awaited
 * and pipelined), one-way sends/s, actors spawned/s, heap per idle actor, rebuild
 * time of a 10,000-call log and supervisor restart time. The Node subjects run in
 * interleaved rounds in this process; Erlang runs afterwards in its own.
 */
import type { Counter } from "../kernel/KernelSubject.js";
import { rayxKernel } from "../kernel/RayxKernel.js";
import { bestOf, runErlangPeer } from "../kernel/erlangPeer.js";
import type { ErlangFigures, ErlangRun } from "../kernel/erlangPeer.js";
import { nactSubject } from "../kernel/nactSubject.js";
import { plainSubject } from "../kernel/plainSubject.js";
import { awaitedCalls, heapPerActor, pipelinedCalls, tells } from "../kernel/workloads.js";
import { interleavedTimes, median } from "../measure.js";
import type { Cleanup } from "../measure.js";
import type { Figure, Row, Suite, Target } from "../Suite.js";

// Many short samples rather than a few long ones: on a shared, loaded machine most
// short samples escape preemption, and the median discards the ones that did not.
const CALLS = 20_000;
const SENDS = 100_000;
const WINDOW = 1_000;
const SPAWNS = 20_000;
const IDLE_ACTORS = 100_000;
const REBUILD_CALLS = 10_000;
const RESTARTS = 100;
/** Rounds of every interleaved measurement (each round: one sample per subject). */
const ROUNDS = 31;
/** Supervisors (of RESTARTS restarts each) measured for the restart row. */
const SUPERVISORS = 9;

const PLAIN = plainSubject.name;
const NACT = nactSubject.name;
const LOGGED = "rayx, logged";
const ERLANG = "Erlang/OTP";

/** Each subject's figure for one metric; a subject that was not measured is absent. */
type Figures = Readonly<Record<string, number>>;

type Body = () => Promise<Cleanup> | Cleanup;

/**
 * ops/s of each body, interleaved. A subject whose body throws (nact 7 can lose a
 * query's reply: its temporary references get 32-bit random ids, which collide now
 * and then with 1,000 in flight) gets no figure and a note; the others go on.
 */
async function measureRates(
  bodies: Readonly<Record<string, Body>>,
  ops: number,
  metric: string,
  notes: string[],
): Promise<Figures> {
  const failed = new Set<string>();
  const guarded = Object.fromEntries(
    Object.entries(bodies).map(([name, body]): [string, Body] => [
      name,
      async () => {
        if (failed.has(name)) return;
        try {
          return await body();
        } catch (error) {
          failed.add(name);
          notes.push(`${name} failed in "${metric}", so has no figure there: ${String(error)}`);
        }
      },
    ]),
  );
  const figures = perSecond(await interleavedTimes(guarded, { iterations: ROUNDS }), ops);
  return Object.fromEntries(Object.entries(figures).filter(([name]) => !failed.has(name)));
}

function callRates(
  counters: ReadonlyMap<string, Counter>,
  ops: number,
  metric: string,
  notes: string[],
  workload: (counter: Counter) => Promise<void>,
): Promise<Figures> {
  const bodies = Object.fromEntries([...counters].map(([name, c]) => [name, () => workload(c)]));
  return measureRates(bodies, ops, metric, notes);
}

function perSecond(times: Figures, ops: number): Figures {
  return Object.fromEntries(Object.entries(times).map(([name, ms]) => [name, ops / (ms / 1000)]));
}

/**
 * Rebuild time of a counter from a log of `calls` calls: rayx's (when replay exists)
 * beside the limit, the same calls applied directly to a fresh object (no mailbox, no log).
 */
async function rebuildTimes(calls: number): Promise<Figures> {
  const check = (total: number) => {
    if (total !== calls) throw new Error(`rebuilt total is ${total}, expected ${calls}`);
  };
  const direct = () => {
    let total = 0;
    const counter = { add: (n: number) => (total += n) };
    for (let i = 0; i < calls; i++) counter.add(1);
    check(total);
  };
  const rebuild = await rayxKernel.prepareRebuild(calls);
  return interleavedTimes(
    { direct, rayx: async () => check(await rebuild()) },
    { iterations: ROUNDS },
  );
}

/** Median over SUPERVISORS supervisors of RESTARTS restarts each, after one warm-up supervisor (JIT). */
async function medianRestartMs(): Promise<number> {
  await rayxKernel.supervisorRestarts(RESTARTS);
  const times: number[] = [];
  for (let i = 0; i < SUPERVISORS; i++)
    times.push(...(await rayxKernel.supervisorRestarts(RESTARTS)));
  return median(times);
}

function combine(before: ErlangFigures, after: ErlangRun): ErlangRun {
  return { figures: after.figures ? bestOf(before, after.figures) : before };
}

function peer(subject: string, value: number | undefined): Figure {
  return { subject, value: value ?? null };
}

/** A target on rayx's figure of a row; not met when a figure it needs is missing. */
function target(description: string, met: (rayx: number) => boolean, rayx?: number): Target {
  return { description, met: rayx !== undefined && met(rayx) };
}

const kernel: Suite = {
  name: "kernel",
  description:
    "in-process actor kernel (calls, spawns, heap, rebuild, restart) vs plain mailbox, nact, Erlang/OTP",
  async run() {
    const erlangSizes = {
      spawns: SPAWNS,
      idle: IDLE_ACTORS,
      calls: CALLS,
      sends: SENDS,
      iterations: ROUNDS,
      supervisors: SUPERVISORS,
    };
    const erlangBefore = runErlangPeer(erlangSizes);
    const subjects = [plainSubject, nactSubject, rayxKernel.subject];
    const counters = new Map<string, Counter>();
    for (const s of subjects) counters.set(s.name, await s.startCounter());
    counters.set(LOGGED, await rayxKernel.startLoggedCounter());

    const notes: string[] = [];
    const awaited = await callRates(counters, CALLS, "awaited calls", notes, (c) =>
      awaitedCalls(c, CALLS),
    );
    const pipelined = await callRates(counters, CALLS, "pipelined calls", notes, (c) =>
      pipelinedCalls(c, CALLS, WINDOW),
    );
    counters.delete(LOGGED);
    const sent = await callRates(counters, SENDS, "one-way sends", notes, (c) => tells(c, SENDS));
    const spawned = await measureRates(
      Object.fromEntries(subjects.map((s) => [s.name, () => s.spawnIdle(SPAWNS)])),
      SPAWNS,
      "spawns",
      notes,
    );
    const heap: Record<string, number> = {};
    const heapServed: Record<string, number> = {};
    for (const s of subjects) {
      heap[s.name] = await heapPerActor((n) => s.spawnIdle(n), IDLE_ACTORS);
      heapServed[s.name] = await heapPerActor((n) => s.spawnServed(n), IDLE_ACTORS);
    }
    const rebuild = await rebuildTimes(REBUILD_CALLS);
    const restartMs = await medianRestartMs();

    const erlangRun = erlangBefore.figures
      ? combine(erlangBefore.figures, runErlangPeer(erlangSizes))
      : erlangBefore;
    if (erlangRun.figures === null) notes.push(erlangRun.note);
    const erlang: Partial<ErlangFigures> = erlangRun.figures ?? {};
    const erlangName = erlangRun.figures ? `${ERLANG} ${erlangRun.figures.otpRelease}` : ERLANG;

    /** A row measured on every Node subject, with Erlang's figure for the same quantity. */
    const nodeRow = (
      metric: string,
      unit: string,
      figures: Figures,
      erlangPeer: Figure,
      rowTarget?: Target,
      rayxNote?: string,
    ): Row => ({
      metric,
      unit,
      higherIsBetter: unit.endsWith("/s"),
      rayx: { ...peer("rayx", figures.rayx), ...(rayxNote ? { note: rayxNote } : {}) },
      peers: [peer(PLAIN, figures[PLAIN]), peer(NACT, figures[NACT]), erlangPeer],
      ...(rowTarget ? { target: rowTarget } : {}),
    });
    const halfOfLimit = (figures: Figures) =>
      target(
        "rayx ≥ 50% of the plain mailbox",
        (v) => v >= (figures[PLAIN] ?? Infinity) / 2,
        figures.rayx,
      );
    const roundTrip = `${erlangName} round trip`;
    const rows: Row[] = [
      nodeRow(
        "calls, awaited one by one",
        "calls/s",
        awaited,
        peer(roundTrip, erlang.awaitedRoundTripsPerSec),
        halfOfLimit(awaited),
      ),
      nodeRow(
        `calls, pipelined (${WINDOW} in flight)`,
        "calls/s",
        pipelined,
        peer(roundTrip, erlang.pipelinedRoundTripsPerSec),
        halfOfLimit(pipelined),
      ),
      ...[awaited, pipelined].map((figures, i): Row => ({
        metric: `logged calls, ${i === 0 ? "awaited" : `pipelined (${WINDOW} in flight)`}`,
        unit: "calls/s",
        higherIsBetter: true,
        rayx: {
          ...peer("rayx", figures[LOGGED]),
          note: "every call appended to an InMemoryCallLog, snapshot every 1,000 calls",
        },
        peers: [peer(PLAIN, figures[PLAIN]), peer("rayx unlogged", figures.rayx)],
      })),
      nodeRow(
        "one-way sends",
        "msgs/s",
        sent,
        peer(erlangName, erlang.sendPerSec),
        undefined,
        "`ActorCell.tell()`: no promise, one queued record per message",
      ),
      nodeRow(
        "actors spawned",
        "actors/s",
        spawned,
        peer(erlangName, erlang.spawnPerSec),
        target("≥ 100,000 actors/s", (v) => v >= 100_000, spawned.rayx),
      ),
      nodeRow(
        "heap per idle actor",
        "bytes",
        heap,
        peer(erlangName, erlang.bytesPerIdleProcess),
        target("≤ 2 KiB (2,048 bytes)", (v) => v <= 2048, heap.rayx),
      ),
      nodeRow(
        "heap per actor idle after serving one call",
        "bytes",
        heapServed,
        peer(erlangName, erlang.bytesPerServedProcess),
        target("≤ 2 KiB (2,048 bytes)", (v) => v <= 2048, heapServed.rayx),
      ),
      {
        metric: `rebuild from ${REBUILD_CALLS.toLocaleString("en")} logged calls`,
        unit: "ms",
        higherIsBetter: false,
        rayx: {
          ...peer("rayx", rebuild.rayx),
          note: "ActorCell.rebuild from an InMemoryCallLog (storage cost is the gcs suite's)",
        },
        peers: [peer("direct method calls (limit)", rebuild.direct)],
        target: target("≤ 50 ms", (v) => v <= 50, rebuild.rayx),
      },
      {
        metric: "supervisor restart of a killed child",
        unit: "µs",
        higherIsBetter: false,
        rayx: peer("rayx", restartMs * 1000),
        peers: [peer(`${erlangName} one_for_one`, erlang.supervisorRestartMicros)],
      },
    ];
    notes.push(
      `sizes: ${CALLS.toLocaleString("en")} calls and ${SENDS.toLocaleString("en")} sends per sample, ` +
        `${SPAWNS.toLocaleString("en")} spawns per sample, ${IDLE_ACTORS.toLocaleString("en")} idle actors for heap; ` +
        `median of ${ROUNDS} interleaved rounds after 1 warm-up; ` +
        "Erlang runs alone before and after the Node rounds and shows its better run",
      "reference, not measured: Ray 2.20 (m5.16xlarge) 1:1 actor calls sync 2,113/s, async 8,749/s; actor creation 551/s — cross-process, so only an order of magnitude",
    );
    return { suite: "kernel", rows, notes };
  },
};

export default kernel;
