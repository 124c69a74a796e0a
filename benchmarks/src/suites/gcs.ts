/**
 * The gcs suite: `@rayx/gcs` beside raw lmdb-js and a raw ws echo server measured
 * in the same run — call-log appends/s (1 and 1,000 actors; 1 and 4 processes;
 * default and fsync durability), replay read-back entries/s, record reads/s, and a
 * GCS request over ws (median round trip, pipelined requests/s). Every store lives
 * in a temp dir removed at the end; children are forked with this process's flags.
 */
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { open } from "lmdb";
import { Gcs, GcsClient, openLmdbStore } from "@rayx/gcs";
import { EchoClient, pipelined, sequentialMicros } from "../gcs/wsClients.js";
import { appendCalls, benchActor, rawKey, rawPuts } from "../gcs/workloads.js";
import { interleavedTimes, median } from "../measure.js";
import type { Figure, Row, Suite, Target } from "../Suite.js";

const APPENDS = 100_000;
const FSYNC_APPENDS = 10_000;
const PER_CHILD = 50_000;
const CHILDREN = 4;
const REPLAY = 200_000;
const READS = 100_000;
const WS_SEQUENTIAL = 3_000;
const WS_PIPELINED = 30_000;
const WS_WINDOW = 64;
const ITERATIONS = 5;

const workerScript = new URL("../gcs/appendWorker.ts", import.meta.url);
const serversScript = new URL("../gcs/servers.ts", import.meta.url);

function figure(subject: string, value: number, note?: string): Figure {
  return note === undefined ? { subject, value } : { subject, value, note };
}

function target(description: string, met: boolean): Target {
  return { description, met };
}

const perSecond = (ops: number, ms: number) => ops / (ms / 1000);

/** Appends/s in one process: rayx and raw puts, interleaved rounds on one env each. */
async function inProcessAppends(dir: string, actors: number, writeMap = false) {
  const name = `${actors}${writeMap ? "-wm" : ""}`;
  const gcs = new Gcs(openLmdbStore({ dir: join(dir, `rayx-${name}`), writeMap }));
  const env = open({ path: join(dir, `raw-${name}.mdb`), noSync: true, useWritemap: writeMap });
  const db = env.openDB<Uint8Array, Uint8Array>("raw", {
    encoding: "binary",
    keyEncoding: "binary",
  });
  try {
    const times = await interleavedTimes(
      {
        rayx: () => appendCalls(gcs, "a", actors, APPENDS),
        raw: () => rawPuts(db, "a", actors, APPENDS),
      },
      { iterations: ITERATIONS },
    );
    return { rayx: perSecond(APPENDS, times.rayx), raw: perSecond(APPENDS, times.raw) };
  } finally {
    await gcs.close();
    await env.close();
  }
}

async function fsyncAppends(dir: string): Promise<number> {
  const gcs = new Gcs(openLmdbStore({ dir: join(dir, "fsync"), durability: "fsync" }));
  try {
    const times = await interleavedTimes(
      { fsync: () => appendCalls(gcs, "f", 1, FSYNC_APPENDS) },
      { iterations: 3 },
    );
    return perSecond(FSYNC_APPENDS, times.fsync);
  } finally {
    await gcs.close();
  }
}

/** One round of CHILDREN processes appending at once, started together; total appends/s. */
async function multiProcessRound(dir: string, mode: "rayx" | "raw", actors: number) {
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < CHILDREN; i++) {
      const args = [dir, mode, `p${i}`, String(actors), String(PER_CHILD)];
      children.push(fork(workerScript, args, { execArgv: process.execArgv }));
    }
    await Promise.all(children.map((c) => once(c, "message")));
    const results = children.map((c) => once(c, "message") as Promise<[{ elapsedMs: number }]>);
    for (const child of children) child.send("go");
    const elapsed = (await Promise.all(results)).map(([r]) => r.elapsedMs);
    await Promise.all(children.filter((c) => c.exitCode === null).map((c) => once(c, "exit")));
    return perSecond(CHILDREN * PER_CHILD, Math.max(...elapsed));
  } finally {
    for (const child of children) child.kill("SIGKILL");
  }
}

async function multiProcessAppends(dir: string, actors: number) {
  const rayx: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < 3; round++) {
    rayx.push(await multiProcessRound(join(dir, `mp-rayx-${actors}`), "rayx", actors));
    raw.push(await multiProcessRound(join(dir, `mp-raw-${actors}`), "raw", actors));
  }
  return { rayx: median(rayx), raw: median(raw) };
}

/** Replay read-back (decoded entries, batches of 1,000) vs a raw range scan of as many values. */
async function replayAndReads(dir: string) {
  const gcs = new Gcs(openLmdbStore({ dir: join(dir, "replay") }));
  const env = open({ path: join(dir, "raw-replay.mdb"), noSync: true });
  const db = env.openDB<Uint8Array, Uint8Array>("raw", {
    encoding: "binary",
    keyEncoding: "binary",
  });
  try {
    await appendCalls(gcs, "replay", 1, REPLAY);
    await rawPuts(db, "replay", 1, REPLAY);
    await gcs.putActor(benchActor("reader"));
    const rawReplayKey = rawKey("raw-replay0", 1);
    const rawEnd = rawKey("raw-replay0", 2 ** 40);
    const check = (n: number) => {
      if (n !== REPLAY) throw new Error(`replayed ${n} entries, expected ${REPLAY}`);
    };
    const replay = await interleavedTimes(
      {
        rayx: async () => {
          let n = 0;
          for await (const batch of gcs.replayCalls("replay0", 1, 1000)) n += batch.length;
          check(n);
        },
        raw: () => {
          let n = 0;
          for (const { value } of db.getRange({ start: rawReplayKey, end: rawEnd })) {
            n += value.length > 0 ? 1 : 0;
          }
          check(n);
        },
      },
      { iterations: ITERATIONS },
    );
    const actorKey = rawKey("raw-replay0", 1);
    const reads = await interleavedTimes(
      {
        rayx: async () => {
          for (let i = 0; i < READS; i++) await gcs.getActor("reader");
        },
        raw: () => {
          for (let i = 0; i < READS; i++) db.getBinary(actorKey);
        },
      },
      { iterations: ITERATIONS },
    );
    return {
      replay: { rayx: perSecond(REPLAY, replay.rayx), raw: perSecond(REPLAY, replay.raw) },
      reads: { rayx: perSecond(READS, reads.rayx), raw: perSecond(READS, reads.raw) },
    };
  } finally {
    await gcs.close();
    await env.close();
  }
}

/** A GCS request (getActor of a stored actor) vs a raw ws echo of a 100-byte frame, both in a child. */
async function overWs(dir: string) {
  const servers = fork(serversScript, [join(dir, "served")], { execArgv: process.execArgv });
  try {
    const [urls] = (await once(servers, "message")) as [{ gcsUrl: string; echoUrl: string }];
    const gcs = await GcsClient.connect(urls.gcsUrl);
    const echo = await EchoClient.connect(urls.echoUrl);
    const frame = new Uint8Array(100).fill(1);
    const getActor = () => gcs.getActor("bench-actor");
    const echoOnce = () => echo.request(frame);
    const sequential = { rayx: [] as number[], echo: [] as number[] };
    const pipelinedRates = { rayx: [] as number[], echo: [] as number[] };
    for (let round = 0; round < ITERATIONS + 1; round++) {
      const seqRayx = await sequentialMicros(WS_SEQUENTIAL, getActor);
      const seqEcho = await sequentialMicros(WS_SEQUENTIAL, echoOnce);
      let start = performance.now();
      await pipelined(WS_PIPELINED, WS_WINDOW, getActor);
      const pipeRayx = perSecond(WS_PIPELINED, performance.now() - start);
      start = performance.now();
      await pipelined(WS_PIPELINED, WS_WINDOW, echoOnce);
      const pipeEcho = perSecond(WS_PIPELINED, performance.now() - start);
      if (round === 0) continue; // warm-up
      sequential.rayx.push(seqRayx);
      sequential.echo.push(seqEcho);
      pipelinedRates.rayx.push(pipeRayx);
      pipelinedRates.echo.push(pipeEcho);
    }
    await gcs.close();
    echo.close();
    return {
      sequential: { rayx: median(sequential.rayx), echo: median(sequential.echo) },
      pipelined: { rayx: median(pipelinedRates.rayx), echo: median(pipelinedRates.echo) },
    };
  } finally {
    servers.send("stop");
    await once(servers, "exit");
  }
}

const suite: Suite = {
  name: "gcs",
  description:
    "GCS call-log appends, replay, reads and ws round trips beside raw lmdb-js and a raw ws echo",
  async run() {
    const dir = mkdtempSync(join(tmpdir(), "rayx-bench-gcs-"));
    try {
      const one = await inProcessAppends(dir, 1);
      const many = await inProcessAppends(dir, 1000);
      const manyWriteMap = await inProcessAppends(dir, 1000, true);
      const fsync = await fsyncAppends(dir);
      const mpOne = await multiProcessAppends(dir, 1);
      const mpMany = await multiProcessAppends(dir, 1000);
      const { replay, reads } = await replayAndReads(dir);
      const ws = await overWs(dir);

      const raw = (value: number) => figure("raw lmdb-js put (same keys, value size)", value);
      const appendTarget = (v: number) =>
        target("≥ 200,000 appends/s from one process", v >= 200_000);
      const rows: Row[] = [
        {
          metric: "call-log appends, 1 actor, 1 process",
          unit: "appends/s",
          higherIsBetter: true,
          rayx: figure("rayx", one.rayx, `${1000} in flight, one commit per event turn`),
          peers: [raw(one.raw)],
          target: appendTarget(one.rayx),
        },
        {
          metric: "call-log appends, 1,000 actors interleaved, 1 process",
          unit: "appends/s",
          higherIsBetter: true,
          rayx: figure("rayx", many.rayx),
          peers: [raw(many.raw)],
          target: appendTarget(many.rayx),
        },
        {
          metric: "call-log appends, 1,000 actors interleaved, 1 process, writeMap",
          unit: "appends/s",
          higherIsBetter: true,
          rayx: figure("rayx", manyWriteMap.rayx, "openLmdbStore({ writeMap: true })"),
          peers: [figure("raw lmdb-js put, useWritemap", manyWriteMap.raw)],
          target: appendTarget(manyWriteMap.rayx),
        },
        {
          metric: `call-log appends, 1 actor per process, ${CHILDREN} processes`,
          unit: "appends/s",
          higherIsBetter: true,
          rayx: figure("rayx", mpOne.rayx, "total of all processes, one shared env"),
          peers: [raw(mpOne.raw)],
        },
        {
          metric: `call-log appends, 1,000 actors per process, ${CHILDREN} processes`,
          unit: "appends/s",
          higherIsBetter: true,
          rayx: figure("rayx", mpMany.rayx, "total of all processes, one shared env"),
          peers: [raw(mpMany.raw)],
        },
        {
          metric: 'call-log appends, durability "fsync", 1 actor',
          unit: "appends/s",
          higherIsBetter: true,
          rayx: figure("rayx fsync", fsync, "acknowledged once flushed to disk"),
          peers: [figure('rayx default ("process")', one.rayx)],
        },
        {
          metric: `replay read-back (${REPLAY.toLocaleString("en")} entries, batches of 1,000)`,
          unit: "entries/s",
          higherIsBetter: true,
          rayx: figure("rayx", replay.rayx, "decoded entries"),
          peers: [figure("raw lmdb-js range scan (values copied, not decoded)", replay.raw)],
          target: target("≥ 1,000,000 entries/s", replay.rayx >= 1_000_000),
        },
        {
          metric: "record reads (getActor)",
          unit: "reads/s",
          higherIsBetter: true,
          rayx: figure("rayx", reads.rayx, "decoded ActorInfo"),
          peers: [figure("raw lmdb-js getBinary", reads.raw)],
        },
        {
          metric: "GCS request over ws (getActor), one at a time",
          unit: "µs round trip (median)",
          higherIsBetter: false,
          rayx: figure("rayx", ws.sequential.rayx, "server in another process"),
          peers: [figure("raw ws echo (100 B)", ws.sequential.echo)],
          target: target(
            `≤ 1.5× raw ws echo (${(ws.sequential.rayx / ws.sequential.echo).toFixed(2)}×)`,
            ws.sequential.rayx <= 1.5 * ws.sequential.echo,
          ),
        },
        {
          metric: `GCS requests over ws, pipelined (${WS_WINDOW} in flight)`,
          unit: "requests/s",
          higherIsBetter: true,
          rayx: figure("rayx", ws.pipelined.rayx),
          peers: [figure("raw ws echo (100 B)", ws.pipelined.echo)],
          target: target(
            `≥ 50 % of raw ws echo (${((100 * ws.pipelined.rayx) / ws.pipelined.echo).toFixed(0)} %)`,
            ws.pipelined.rayx >= 0.5 * ws.pipelined.echo,
          ),
        },
      ];
      return {
        suite: "gcs",
        rows,
        notes: [
          'Default durability "process": LMDB noSync, a commit is acknowledged once in the OS page cache (survives kill -9, not power loss).',
          "Raw peers use lmdb-js directly with the same options (noSync, binary keys and values).",
        ],
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default suite;
