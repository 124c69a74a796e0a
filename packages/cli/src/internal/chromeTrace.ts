/**
 * Converts the GCS's call spans and lifecycle events into the Chrome trace event
 * format (what `chrome://tracing` and Perfetto open) for `rayx timeline`. Each real
 * process (worker or driver, by pid) is a trace process; each call it ran (an actor
 * method, a task) is a complete slice named by its function, on the first of its
 * threads ("lanes") where it overlaps no other slice, so concurrent calls never break
 * the nesting a trace viewer expects. A call made during another is a flow arrow from
 * the caller's slice to the callee's. Lifecycle transitions are instants, on their
 * process's "lifecycle" thread (or on the "cluster" process when they name none).
 * Times in µs. Pure.
 */
import type { CallSpan, LifecycleEvent } from "@rayx/gcs";

/** One Chrome trace event; times in µs. */
export interface TraceEvent {
  readonly name: string;
  readonly cat?: string;
  readonly ph: "X" | "i" | "M" | "s" | "f";
  readonly ts?: number;
  readonly dur?: number;
  readonly s?: "t";
  /** Flow events: the arrow's id, the same on its start (`s`) and its end (`f`). */
  readonly id?: number;
  /** A flow end binds to the slice that encloses it. */
  readonly bp?: "e";
  readonly pid: number;
  readonly tid: number;
  readonly args?: Readonly<Record<string, string | number>>;
}

/** The trace process of lifecycle events that name no process (nodes, jobs, tasks queued at the head). */
export const CLUSTER_PID = 0;
/** The thread of each process that carries its lifecycle instants. */
const LIFECYCLE_TID = 0;

interface Placed {
  readonly span: CallSpan;
  readonly tid: number;
}

/** `{ traceEvents }` for the spans and events (any order). */
export function chromeTrace(
  spans: readonly CallSpan[],
  events: readonly LifecycleEvent[],
): { traceEvents: TraceEvent[] } {
  const placed = placeInLanes(spans);
  const metadata: TraceEvent[] = [];
  const body: TraceEvent[] = [];
  const processes = new Map<number, { name: string; lanes: number }>();
  for (const { span, tid } of placed.values()) {
    const known = processes.get(span.pid);
    const kind = span.kind === "driver" ? "driver" : "worker";
    const name = `${kind} pid ${span.pid}${span.nodeId === "" ? "" : ` (${span.nodeId})`}`;
    processes.set(span.pid, { name: known?.name ?? name, lanes: Math.max(known?.lanes ?? 0, tid) });
    body.push({
      name: span.name,
      cat: span.kind,
      ph: "X",
      ts: span.startUs,
      dur: span.durationUs,
      pid: span.pid,
      tid,
      args: {
        call: span.argsPreview,
        outcome: span.outcome,
        subject: span.subjectId,
        ...(span.error === undefined ? {} : { error: span.error }),
      },
    });
  }
  let flow = 0;
  for (const { span, tid } of placed.values()) {
    for (const call of span.calls) {
      const callee = placed.get(call.flowId);
      if (callee === undefined) continue;
      const id = ++flow;
      const base = { name: call.name, cat: "call", id };
      body.push({ ...base, ph: "s", ts: call.atUs, pid: span.pid, tid });
      body.push({
        ...base,
        ph: "f",
        bp: "e",
        ts: callee.span.startUs,
        pid: callee.span.pid,
        tid: callee.tid,
      });
    }
  }
  for (const event of events) {
    const pid = event.pid !== undefined && processes.has(event.pid) ? event.pid : CLUSTER_PID;
    if (pid === CLUSTER_PID && !processes.has(CLUSTER_PID))
      processes.set(CLUSTER_PID, { name: "cluster", lanes: 0 });
    body.push({
      name: `${event.subjectKind} ${event.type}`,
      cat: "lifecycle",
      ph: "i",
      s: "t",
      ts: event.time * 1000,
      pid,
      tid: LIFECYCLE_TID,
      args: argsOf(event),
    });
  }
  for (const [pid, { name, lanes }] of [...processes].sort((a, b) => a[0] - b[0])) {
    metadata.push({ name: "process_name", ph: "M", pid, tid: 0, args: { name } });
    metadata.push({
      name: "thread_name",
      ph: "M",
      pid,
      tid: LIFECYCLE_TID,
      args: { name: "lifecycle" },
    });
    for (let tid = 1; tid <= lanes; tid++) {
      const lane = tid === 1 ? "calls" : `calls ${tid}`;
      metadata.push({ name: "thread_name", ph: "M", pid, tid, args: { name: lane } });
    }
  }
  body.sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
  return { traceEvents: [...metadata, ...body] };
}

/** Each span with its lane (tid from 1) in its process: the first whose last slice ended before it starts. */
function placeInLanes(spans: readonly CallSpan[]): Map<string, Placed> {
  const sorted = [...spans].sort((a, b) => a.startUs - b.startUs);
  const lanes = new Map<number, number[]>(); // pid → end time of each lane's last slice
  const placed = new Map<string, Placed>();
  for (const span of sorted) {
    const ends = lanes.get(span.pid) ?? [];
    lanes.set(span.pid, ends);
    let lane = ends.findIndex((end) => end <= span.startUs);
    if (lane === -1) lane = ends.push(0) - 1;
    ends[lane] = span.startUs + span.durationUs;
    placed.set(span.spanId, { span, tid: lane + 1 });
  }
  return placed;
}

function argsOf(event: LifecycleEvent): Record<string, string | number> {
  const args: Record<string, string | number> = { subject: event.subjectId };
  if (event.detail !== undefined) args["detail"] = event.detail;
  if (event.nodeId !== undefined) args["nodeId"] = event.nodeId;
  if (event.pid !== undefined) args["pid"] = event.pid;
  return args;
}
