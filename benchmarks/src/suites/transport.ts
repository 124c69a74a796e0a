/**
 * The transport suite: driver ↔ worker round trips over rayx's local transport (a
 * `WorkerPool` worker running an echo task; protobuf frames, u32 length prefixes, a
 * Unix socket, one write per event turn) beside raw child-process IPC and a raw `net`
 * echo over a Unix socket (the limit), all measured in the same run, in interleaved rounds.
 */
import { ROUNDS_NOTE, figureOf, rates } from "../runtime/load.js";
import type { Row, Suite } from "../Suite.js";
import type { EchoSubject } from "../transport/subjects.js";
import {
  ipcSubject,
  netSubject,
  rayxChannelSubject,
  rayxTaskSubject,
} from "../transport/subjects.js";

const SEQUENTIAL = 5_000;
const PIPELINED = 50_000;
const WINDOW = 64;
const SMALL = 32;
const KIB = 1024;

async function sequential(subject: EchoSubject, payload: Uint8Array): Promise<void> {
  for (let i = 0; i < SEQUENTIAL; i++) await subject.request(payload);
}

/** `PIPELINED` requests with `WINDOW` in flight: each of WINDOW loops sends its next on a reply. */
async function pipelined(subject: EchoSubject, payload: Uint8Array): Promise<void> {
  let sent = 0;
  const loop = async () => {
    while (sent < PIPELINED) {
      sent++;
      await subject.request(payload);
    }
  };
  await Promise.all(Array.from({ length: WINDOW }, loop));
}

/** Each subject's round trips/s, every one running `body` in interleaved rounds. */
function perSecond(
  subjects: readonly EchoSubject[],
  ops: number,
  body: (subject: EchoSubject) => Promise<void>,
): Promise<Record<string, number>> {
  return rates(ops, Object.fromEntries(subjects.map((s) => [s.name, () => body(s)])));
}

const transport: Suite = {
  name: "transport",
  description:
    "driver ↔ worker round trips over rayx's Unix-socket channel vs raw child-process IPC and raw net",
  async run() {
    const subjects = [
      await rayxChannelSubject(),
      await rayxTaskSubject(),
      await ipcSubject(),
      await netSubject(),
    ];
    const [channel, taskCall, ipc, net] = subjects.map((s) => s.name) as [
      string,
      string,
      string,
      string,
    ];
    try {
      const small = new Uint8Array(SMALL).fill(7);
      const kib = new Uint8Array(KIB).fill(7);
      const seq = await perSecond(subjects, SEQUENTIAL, (s) => sequential(s, small));
      const pipe = await perSecond(subjects, PIPELINED, (s) => pipelined(s, kib));
      const row = (
        metric: string,
        unit: string,
        figures: Record<string, number>,
        subject: string,
        goal: { readonly description: string; readonly met: (value: number) => boolean },
      ): Row => ({
        metric,
        unit,
        higherIsBetter: true,
        rayx: figureOf(figures, subject),
        peers: [figureOf(figures, ipc), figureOf(figures, net)],
        target: { description: goal.description, met: goal.met(figures[subject] ?? 0) },
      });
      const shareOf = (figures: Record<string, number>, peer: string, share: number) => ({
        description: `≥ ${share * 100}% of ${peer}`,
        met: (value: number) => value >= share * (figures[peer] ?? Infinity),
      });
      const atLeast = (floor: number, why: string) => ({
        description: `≥ ${floor.toLocaleString("en")}/s (${why})`,
        met: (value: number) => value >= floor,
      });
      const seqMetric = `sequential round trips (${SMALL} B)`;
      const pipeMetric = `pipelined 1 KiB frames (${WINDOW} in flight)`;
      return {
        suite: "transport",
        rows: [
          row(`${seqMetric}, channel`, "round trips/s", seq, channel, shareOf(seq, net, 0.5)),
          row(`${pipeMetric}, channel`, "frames/s", pipe, channel, shareOf(pipe, ipc, 1)),
          row(`${seqMetric}, task call`, "calls/s", seq, taskCall, atLeast(5_000, "tasks sync")),
          row(
            `${pipeMetric}, task call`,
            "calls/s",
            pipe,
            taskCall,
            atLeast(30_000, "tasks async"),
          ),
        ],
        notes: [
          "channel: call frames echoed as result frames by the child (rayx framing, protobuf codec, one write per turn)",
          "task call: WorkerPool.call → the worker imports and runs echo() → result; args and result through V8 " +
            "serialization (no object store, no lifecycle yet: an upper bound for issue 5's tasks)",
          "the peers echo raw bytes; the raw net child writes each chunk straight back without parsing frames",
          `sizes: ${SEQUENTIAL.toLocaleString("en")} sequential and ${PIPELINED.toLocaleString("en")} ` +
            `pipelined round trips per timed loop; ${ROUNDS_NOTE}`,
        ],
      };
    } finally {
      await Promise.all(subjects.map((s) => s.close()));
    }
  },
};

export default transport;
