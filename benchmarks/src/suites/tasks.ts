/**
 * The tasks suite: Ray's task microbenchmarks through `@rayx/core` on an embedded
 * cluster of two workers — single-client tasks sync (each awaited) and async (all in
 * flight), multi-client async (client tasks on the workers submitting tasks), tasks
 * with a 1 MiB ref argument, and `wait` on 1k refs — beside piscina (a worker-thread
 * pool) doing the same no-op and 1 MiB work, and the raw child-process IPC round trip
 * (the limit), all in the same run, in interleaved rounds.
 */
import { Piscina } from "piscina";
import { init, put, shutdown, wait } from "@rayx/core";
import type { ObjectRef } from "@rayx/core";
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
import { byteLength, noop, submitNoops } from "../runtime/tasks.js";
import type { Suite } from "../Suite.js";
import { ipcSubject } from "../transport/subjects.js";

const WORKERS = 2;
const SYNC = 500;
const ASYNC = 1_000;
const CLIENTS = 4;
const PER_CLIENT = 250;
const LARGE = 100;
const MIB = 1 << 20;
const WAIT_REFS = 1_000;

const PISCINA = `piscina (${WORKERS} worker threads)`;

/** Ray's "single client wait 1k refs": submit 1k tasks, then `wait` for one at a time until none is left. */
async function waitOneByOne(): Promise<void> {
  let pending: ObjectRef<number>[] = Array.from({ length: WAIT_REFS }, () => noop.remote());
  while (pending.length > 0) pending = (await wait(pending, { numReturns: 1 })).pending;
}

const tasks: Suite = {
  name: "tasks",
  description:
    "Ray's task microbenchmarks on an embedded cluster vs piscina and the raw IPC round trip",
  async run() {
    await init({ numWorkers: WORKERS });
    const closers: (() => Promise<void>)[] = [];
    try {
      const piscina = new Piscina({
        filename: new URL("../tasks/piscinaWorker.mjs", import.meta.url).href,
        minThreads: WORKERS,
        maxThreads: WORKERS,
      });
      closers.push(() => piscina.destroy());
      const ipc = await ipcSubject();
      closers.push(() => ipc.close());
      const small = new Uint8Array(8);
      const bytes = new Uint8Array(MIB).fill(7);
      const bytesRef = put(bytes);
      const pNoop = () => piscina.run(undefined, { name: "noop" }) as Promise<number>;
      const pLength = () => piscina.run(bytes, { name: "byteLength" }) as Promise<number>;

      const sync = await rates(SYNC, {
        [RAYX]: () => oneByOne(SYNC, () => noop.remote()),
        [PISCINA]: () => oneByOne(SYNC, pNoop),
        [IPC]: () => oneByOne(SYNC, () => ipc.request(small)),
      });
      const async = await rates(ASYNC, {
        [RAYX]: () => allInFlight(ASYNC, () => noop.remote()),
        [PISCINA]: () => allInFlight(ASYNC, pNoop),
        [IPC]: () => allInFlight(ASYNC, () => ipc.request(small)),
      });
      const multi = await rates(CLIENTS * PER_CLIENT, {
        [RAYX]: () => allInFlight(CLIENTS, () => submitNoops.remote(PER_CLIENT)),
        [PISCINA]: () => allInFlight(CLIENTS, () => allInFlight(PER_CLIENT, pNoop)),
      });
      const large = await rates(LARGE, {
        [RAYX]: () => allInFlight(LARGE, () => byteLength.remote(bytesRef)),
        [PISCINA]: () => allInFlight(LARGE, pLength),
        [IPC]: () => allInFlight(LARGE, () => ipc.request(bytes)),
      });
      const waited = await rates(1, { [RAYX]: waitOneByOne });

      return {
        suite: "tasks",
        rows: [
          rateRow(
            "single client tasks sync (each awaited)",
            "tasks/s",
            sync,
            [figureOf(sync, PISCINA), figureOf(sync, IPC)],
            floorAndPeer(sync, 5_000, 966, PISCINA, "piscina"),
          ),
          rateRow(
            `single client tasks async (${ASYNC.toLocaleString("en")} in flight)`,
            "tasks/s",
            async,
            [figureOf(async, PISCINA), figureOf(async, IPC)],
            floorAndPeer(async, 30_000, 7_994, PISCINA, "piscina"),
          ),
          rateRow(
            `multi client tasks async (${CLIENTS} clients × ${PER_CLIENT} in flight)`,
            "tasks/s",
            multi,
            [figureOf(multi, PISCINA, `${CLIENTS} driver-side callers`)],
          ),
          rateRow(`tasks with a 1 MiB ref argument (${LARGE} in flight)`, "tasks/s", large, [
            figureOf(large, PISCINA, "the 1 MiB array copied to the thread per task"),
            figureOf(large, IPC, "1 MiB echoed per message"),
          ]),
          rateRow(
            `wait on ${WAIT_REFS.toLocaleString("en")} refs, one ready at a time`,
            "loops/s",
            waited,
            [],
          ),
        ],
        notes: [
          "Ray 2.20 `ray microbenchmark` (published, m5.16xlarge, 64 vCPUs; not measured here): single client " +
            "tasks sync 966/s, async 7,994/s; multi client tasks async 22,359/s; wait on 1k refs 5.35/s",
          `rayx: init({ numWorkers: ${WORKERS} }); tasks from benchmarks/src/runtime/tasks.ts; results stored ` +
            "as objects; the multi-client tasks are client tasks on the workers holding no cpu",
          `sizes: ${SYNC} sync, ${ASYNC.toLocaleString("en")} async, ${LARGE} 1 MiB tasks per timed loop; ` +
            ROUNDS_NOTE,
        ],
      };
    } finally {
      for (const close of closers.reverse()) await close();
      await shutdown();
    }
  },
};

export default tasks;
