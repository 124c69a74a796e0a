/**
 * The actors suite: Ray's actor microbenchmarks through `@rayx/core` on an embedded
 * cluster of two workers, every call logged — 1:1 calls sync (each awaited), async (all
 * in flight) and concurrent (`maxConcurrency`), n:n async (client tasks on the workers
 * calling their own actor), calls with a 1 MiB ref argument, actors created/s — beside
 * comedy (forked-process actors), the raw child-process IPC round trip (the limit) and,
 * for the cost of logging, the same actor's `@readonly` (unlogged) call, all in the same
 * run, in interleaved rounds.
 */
import { get, init, kill, put, shutdown, spawn } from "@rayx/core";
import type { ActorHandle } from "@rayx/core";
import type { ActorRef } from "comedy";
import { startComedy } from "../actors/comedyPeer.js";
import { Counter } from "../runtime/actors.js";
import {
  IPC,
  RAYX,
  ROUNDS_NOTE,
  allInFlight,
  figureOf,
  floorAndPeer,
  oneByOne,
  rateRow,
  rates,
} from "../runtime/load.js";
import { callCounter } from "../runtime/tasks.js";
import type { Suite } from "../Suite.js";
import { ipcSubject } from "../transport/subjects.js";

const WORKERS = 2;
const SYNC = 1_000;
const ASYNC = 2_000;
const CONCURRENCY = 16;
const PAIRS = 4;
const PER_PAIR = 500;
const LARGE = 100;
const MIB = 1 << 20;
const SPAWNS = 100;
const COMEDY_SPAWNS = 2;

const COMEDY = "comedy (forked actors)";
const UNLOGGED = "rayx @readonly call (not logged)";

/** Spawns `count` actors at once; the cleanup stops them untimed. */
async function spawnMany(count: number): Promise<() => Promise<void>> {
  const handles = await Promise.all(Array.from({ length: count }, () => spawn(Counter)));
  return async () => {
    await Promise.all(handles.map((handle) => kill(handle)));
  };
}

const actors: Suite = {
  name: "actors",
  description:
    "Ray's actor microbenchmarks (logged calls) on an embedded cluster vs comedy and the raw IPC round trip",
  async run() {
    await init({ numWorkers: WORKERS });
    const closers: (() => Promise<void>)[] = [];
    try {
      const comedy = await startComedy();
      closers.push(() => comedy.close());
      const ipc = await ipcSubject();
      closers.push(() => ipc.close());
      const small = new Uint8Array(8);
      const bytes = new Uint8Array(MIB).fill(7);
      const text = "x".repeat(MIB);
      const bytesRef = put(bytes);
      const counter = await spawn(Counter);
      const concurrent = await spawn(Counter, [], { maxConcurrency: CONCURRENCY });
      const pairs: ActorHandle<Counter>[] = await Promise.all(
        Array.from({ length: PAIRS }, () => spawn(Counter)),
      );
      const comedyCounter = await comedy.spawn();
      const comedyPairs: ActorRef[] = await Promise.all(
        Array.from({ length: PAIRS }, () => comedy.spawn()),
      );
      const comedyAdd = (actor: ActorRef) => comedy.call(actor, "add", 1);

      const sync = await rates(SYNC, {
        [RAYX]: () => oneByOne(SYNC, () => counter.add(1)),
        [UNLOGGED]: () => oneByOne(SYNC, () => counter.read()),
        [COMEDY]: () => oneByOne(SYNC, () => comedyAdd(comedyCounter)),
        [IPC]: () => oneByOne(SYNC, () => ipc.request(small)),
      });
      const async = await rates(ASYNC, {
        [RAYX]: () => allInFlight(ASYNC, () => counter.add(1)),
        [UNLOGGED]: () => allInFlight(ASYNC, () => counter.read()),
        [COMEDY]: () => allInFlight(ASYNC, () => comedyAdd(comedyCounter)),
        [IPC]: () => allInFlight(ASYNC, () => ipc.request(small)),
      });
      const parallel = await rates(ASYNC, {
        [RAYX]: () => allInFlight(ASYNC, () => concurrent.add(1)),
      });
      const nToN = await rates(PAIRS * PER_PAIR, {
        [RAYX]: async () => {
          await get(pairs.map((pair) => callCounter.remote(pair, PER_PAIR)));
        },
        [COMEDY]: async () => {
          await Promise.all(
            comedyPairs.map((actor) => allInFlight(PER_PAIR, () => comedyAdd(actor))),
          );
        },
      });
      const large = await rates(LARGE, {
        [RAYX]: () => allInFlight(LARGE, () => counter.addBytes(bytesRef)),
        [COMEDY]: () => allInFlight(LARGE, () => comedy.call(comedyCounter, "addText", text)),
        [IPC]: () => allInFlight(LARGE, () => ipc.request(bytes)),
      });
      const created = await rates(SPAWNS, {
        [RAYX]: () => spawnMany(SPAWNS),
        [COMEDY]: [
          COMEDY_SPAWNS,
          async () => {
            const spawned = await Promise.all(
              Array.from({ length: COMEDY_SPAWNS }, () => comedy.spawn()),
            );
            return async () => {
              await Promise.all(spawned.map((actor) => actor.destroy()));
            };
          },
        ],
      });

      const callPeers = (figures: Record<string, number>) => [
        figureOf(figures, UNLOGGED),
        figureOf(figures, COMEDY),
        figureOf(figures, IPC),
      ];
      return {
        suite: "actors",
        rows: [
          rateRow(
            "1:1 actor calls sync (each awaited)",
            "calls/s",
            sync,
            callPeers(sync),
            floorAndPeer(sync, 8_000, 2_113, COMEDY, "comedy"),
          ),
          rateRow(
            `1:1 actor calls async (${ASYNC.toLocaleString("en")} in flight)`,
            "calls/s",
            async,
            callPeers(async),
            floorAndPeer(async, 50_000, 8_749, COMEDY, "comedy"),
          ),
          rateRow(
            `1:1 actor calls concurrent (maxConcurrency ${CONCURRENCY}, ${ASYNC.toLocaleString("en")} in flight)`,
            "calls/s",
            parallel,
            [figureOf(async, IPC, "the async row's figure")],
          ),
          rateRow(
            `n:n actor calls async (${PAIRS} callers × ${PER_PAIR} in flight to ${PAIRS} actors)`,
            "calls/s",
            nToN,
            [figureOf(nToN, COMEDY, `${PAIRS} driver-side callers, one forked actor each`)],
          ),
          rateRow(
            `1:1 actor calls with a 1 MiB ref argument (${LARGE} in flight)`,
            "calls/s",
            large,
            [
              figureOf(
                large,
                COMEDY,
                "no object store: a 1 MiB string through its JSON IPC per call",
              ),
              figureOf(large, IPC, "1 MiB echoed per message"),
            ],
          ),
          rateRow("actors created", "actors/s", created, [
            figureOf(created, COMEDY, `${COMEDY_SPAWNS} forked actors at once per sample`),
          ]),
        ],
        notes: [
          "Ray 2.20 `ray microbenchmark` (published, m5.16xlarge, 64 vCPUs; not measured here): 1:1 actor calls " +
            "sync 2,113/s, async 8,749/s, concurrent 5,332/s; n:n actor calls async 27,207/s; actor creation 551/s",
          `rayx: init({ numWorkers: ${WORKERS} }); the Counter actor of benchmarks/src/runtime/actors.ts; every ` +
            "call is logged in the GCS before its result is released; the n:n callers are client tasks on " +
            "the workers (no cpu held), each calling its own actor",
          "comedy keeps no call log; it has no concurrency option (no concurrent figure)",
          `sizes: ${SYNC.toLocaleString("en")} sync, ${ASYNC.toLocaleString("en")} async, ${LARGE} 1 MiB calls ` +
            `per timed loop; ${SPAWNS} rayx actors spawned at once per sample; ${ROUNDS_NOTE}`,
        ],
      };
    } finally {
      for (const close of closers.reverse()) await close();
      await shutdown();
    }
  },
};

export default actors;
