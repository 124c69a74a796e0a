/**
 * The cluster suite: a head and two joined nodes on loopback (real processes, one
 * worker each) with this process as a driver. Cross-node actor calls (driver → head
 * → node B's worker and back) one by one and all in flight, against raw ws round
 * trips over one hop and over two (through a relay, the path's shape) in the same
 * run; a 64 MiB object made on node A and read by a task on node B (pulled between
 * the nodes' stores) against a raw ws pull of the same bytes; and the time from
 * `kill -9` of node A (agent and workers) until its actors answer from node B,
 * beside the rebuild after one worker's `kill -9` on a live node.
 */
import { get, inspect, spawn, wait } from "@rayx/core";
import type { ActorHandle } from "@rayx/core";
import { BenchCluster } from "../cluster/BenchCluster.js";
import { startRawWs, type RawWs } from "../cluster/rawWs.js";
import { makeBytes } from "../cluster/work.js";
import { interleavedTimes, median } from "../measure.js";
import { Counter } from "../runtime/actors.js";
import {
  RAYX,
  ROUNDS_NOTE,
  allInFlight,
  figureOf,
  oneByOne,
  rateRow,
  rates,
} from "../runtime/load.js";
import { byteLength } from "../runtime/tasks.js";
import type { Row, Suite } from "../Suite.js";

const SYNC_CALLS = 2_000;
const ASYNC_CALLS = 10_000;
const SMALL = new Uint8Array(32).fill(7);
const OBJECT_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;
const TRANSFERS = 5;
const LOST_ACTORS = 10;
const LOGGED_CALLS = 100;
const REBUILD_DEADLINE_MS = 60_000;
const SECTION_DEADLINE_MS = 180_000;

const ONE_HOP = "raw ws echo, one hop";
const TWO_HOPS = "raw ws echo via a relay, two hops (limit)";

/** Calls/s of a counter on node B beside the raw ws echoes, one by one and all in flight. */
async function actorCalls(counter: ActorHandle<Counter>, raw: RawWs) {
  const bodies = (count: number, drive: typeof oneByOne) => ({
    [RAYX]: () => drive(count, () => counter.add(1)),
    [ONE_HOP]: () => drive(count, () => raw.echo.request(SMALL)),
    [TWO_HOPS]: () => drive(count, () => raw.relayed.request(SMALL)),
  });
  return {
    sync: await rates(SYNC_CALLS, bodies(SYNC_CALLS, oneByOne)),
    async: await rates(ASYNC_CALLS, bodies(ASYNC_CALLS, allInFlight)),
  };
}

/** GB/s of a 64 MiB object made on node A and read by a task on node B, and of a raw ws pull. */
async function transfer(
  raw: RawWs,
): Promise<{ rayx: number | null; raw: number | null; error?: string }> {
  const onA = makeBytes.options({ resources: { nodeA: 1 } });
  const onB = byteLength.options({ resources: { nodeB: 1 } });
  const gbPerS = (ms: number) => OBJECT_BYTES / 1e9 / (ms / 1000);
  const times = { rayx: [] as number[], raw: [] as number[] };
  for (let round = 0; round <= TRANSFERS; round++) {
    // A fresh object each round, ready on node A before the clock starts.
    const made = onA.remote(OBJECT_BYTES);
    await wait([made]);
    const timed = await interleavedTimes(
      {
        rayx: async () => {
          const length = await onB.remote(made);
          if (length !== OBJECT_BYTES) throw new Error(`cluster: node B read ${length} bytes`);
        },
        raw: async () => {
          const length = await raw.echo.pull(OBJECT_BYTES, CHUNK_BYTES);
          if (length < OBJECT_BYTES) throw new Error(`cluster: the raw pull got ${length} bytes`);
        },
      },
      { iterations: 1, warmup: 0 },
    );
    if (round === 0) continue; // warm-up
    times.rayx.push(timed.rayx);
    times.raw.push(timed.raw);
  }
  return { rayx: gbPerS(median(times.rayx)), raw: gbPerS(median(times.raw)) };
}

/** Spawns `count` counters needing `resources`, each with `LOGGED_CALLS` logged calls. */
async function counters(
  count: number,
  resources: Record<string, number>,
): Promise<ActorHandle<Counter>[]> {
  const spawned = await Promise.all(
    Array.from({ length: count }, () => spawn(Counter, [], { resources })),
  );
  await Promise.all(spawned.map((c) => get(Array.from({ length: LOGGED_CALLS }, () => c.add(1)))));
  return spawned;
}

/** Milliseconds until every actor answers `LOGGED_CALLS` again after `kill`; `null` past `REBUILD_DEADLINE_MS`. */
async function timeRebuild(
  actors: readonly ActorHandle<Counter>[],
  kill: () => void,
): Promise<number | null> {
  const start = performance.now();
  kill();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), REBUILD_DEADLINE_MS);
  });
  const answers = await Promise.race([Promise.all(actors.map((a) => a.read())), late]);
  clearTimeout(timer);
  if (answers === null) return null;
  const elapsed = performance.now() - start;
  if (answers.some((n) => n !== LOGGED_CALLS)) {
    throw new Error(`cluster: rebuilt actors answered ${answers.join(", ")}, not ${LOGGED_CALLS}`);
  }
  return elapsed;
}

/** The rebuild times: one worker's death on a live node (node A survives it), then node A's. */
async function rebuildTimes(nodes: BenchCluster) {
  // One worker's death on a live node first (node A survives it), then node A's. The
  // actors of node A need only `spare`, which node B offers too: they can move there.
  const [single] = (await counters(1, { nodeA: 1 })) as [ActorHandle<Counter>];
  const singlePid = (await inspect(single)).pid as number;
  const workerMs = await timeRebuild([single], () => process.kill(singlePid, "SIGKILL"));
  const spread = await counters(LOST_ACTORS, { spare: 1 });
  const places = await Promise.all(spread.map(inspect));
  const lost = spread.filter((_, i) => places[i]?.nodeId === nodes.a.nodeId);
  const pids = new Set(
    places.filter((p) => p.nodeId === nodes.a.nodeId).map((p) => p.pid as number),
  );
  const nodeMs =
    lost.length === 0
      ? null
      : await timeRebuild(lost, () => {
          process.kill(nodes.a.pid, "SIGKILL");
          for (const pid of pids) process.kill(pid, "SIGKILL");
        });
  const rebuiltOn =
    nodeMs === null
      ? []
      : [...new Set((await Promise.all(lost.map(inspect))).map((i) => i.nodeId))];

  return { workerMs, nodeMs, lost, rebuiltOn };
}

/** `work`'s result, or `null` when it takes longer than `ms` (it is left to finish or fail unobserved). */
async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  work.catch(() => undefined);
  const result = await Promise.race([work, late]);
  clearTimeout(timer);
  return result;
}

function progress(step: string): void {
  process.stderr.write(`cluster: ${step}…\n`);
}

const cluster: Suite = {
  name: "cluster",
  description:
    "cross-node actor calls and object transfer vs raw ws, and rebuild time of a lost node's actors",
  async run() {
    const nodes = await BenchCluster.start();
    const raw = await startRawWs();
    try {
      const counter = await spawn(Counter, [], { resources: { nodeB: 1 } });
      const placed = await inspect(counter);
      if (placed.nodeId !== nodes.b.nodeId) {
        throw new Error(`cluster: the counter runs on ${placed.nodeId}, not node B`);
      }
      progress("cross-node actor calls");
      const calls = await actorCalls(counter, raw);
      progress("64 MiB transfers between nodes");
      const moved = await transfer(raw).catch((error: unknown) => ({
        rayx: null,
        raw: null,
        error: (error as Error).message,
      }));

      progress("rebuilds after kill -9 of a worker, then of node A");
      const rebuilds = await withDeadline(rebuildTimes(nodes), SECTION_DEADLINE_MS);
      const { workerMs, nodeMs, lost, rebuiltOn } = rebuilds ?? {
        workerMs: null,
        nodeMs: null,
        lost: [],
        rebuiltOn: [],
      };

      const callRow = (metric: string, figures: Record<string, number>): Row =>
        rateRow(
          metric,
          "calls/s",
          figures,
          [figureOf(figures, TWO_HOPS), figureOf(figures, ONE_HOP)],
          {
            description: `≥ 50 % of the two-hop raw ws echo (${Math.round((100 * (figures[RAYX] ?? 0)) / (figures[TWO_HOPS] ?? Infinity))} %)`,
            met: (figures[RAYX] ?? 0) >= 0.5 * (figures[TWO_HOPS] ?? Infinity),
          },
        );
      return {
        suite: "cluster",
        rows: [
          callRow("cross-node actor calls, one by one (driver → head → node B)", calls.sync),
          callRow(
            `cross-node actor calls, ${ASYNC_CALLS.toLocaleString("en")} in flight`,
            calls.async,
          ),
          {
            metric: "64 MiB object made on node A, read by a task on node B",
            unit: "GB/s",
            higherIsBetter: true,
            rayx: {
              subject: RAYX,
              value: moved.rayx,
              ...(moved.error === undefined ? {} : { note: `failed: ${moved.error}` }),
            },
            peers: [{ subject: "raw ws pull, 1 MiB messages (limit)", value: moved.raw }],
            target: {
              description: `≥ 50 % of the raw ws pull (${Math.round((100 * (moved.rayx ?? 0)) / (moved.raw ?? Infinity))} %)`,
              met: (moved.rayx ?? 0) >= 0.5 * (moved.raw ?? Infinity),
            },
          },
          {
            metric: `rebuild of a lost node's actors (${LOGGED_CALLS} logged calls each), kill -9 → all answer`,
            unit: "ms",
            higherIsBetter: false,
            rayx: {
              subject: RAYX,
              value: nodeMs,
              note:
                rebuilds === null
                  ? `the rebuild measurements did not finish within ${SECTION_DEADLINE_MS / 1000} s`
                  : lost.length === 0
                    ? `none of ${LOST_ACTORS} actors was placed on node A`
                    : nodeMs === null
                      ? `${lost.length} of ${LOST_ACTORS} actors were on node A; not all answered within ${REBUILD_DEADLINE_MS / 1000} s`
                      : `${lost.length} of ${LOST_ACTORS} actors were on node A; rebuilt on ${rebuiltOn.join(", ")}; one sample`,
            },
            peers: [
              {
                subject: "rebuild of 1 actor after kill -9 of its worker (node alive)",
                value: workerMs,
                note:
                  workerMs === null
                    ? `not back within ${REBUILD_DEADLINE_MS / 1000} s`
                    : "one sample; it waits for node A's replacement worker (nodeA resource)",
              },
            ],
          },
        ],
        notes: [
          "nodes: a head and two joined nodes, each its own process with one worker, on loopback; " +
            "the driver is this process (init({ address }))",
          "a cross-node call crosses driver → head (ws), head → node B's agent (ws), agent → worker (Unix " +
            "socket) and back, and is logged in the GCS; the raw ws echoes carry 32 B and log nothing",
          `calls: ${SYNC_CALLS.toLocaleString("en")} one by one, ${ASYNC_CALLS.toLocaleString("en")} all in flight; ${ROUNDS_NOTE}`,
          `transfer: median of ${TRANSFERS} rounds after 1 warm-up, a fresh object each round; the time ` +
            "includes the task on node B; the raw pull moves the same bytes from a child over one ws",
          "node loss: the heartbeat timeout is not in the figure when the agent's socket closes at once " +
            "(kill -9 closes it); a silent network would add the 5 s pong timeout",
        ],
      };
    } finally {
      await raw.close();
      await nodes.stop();
    }
  },
};

export default cluster;
