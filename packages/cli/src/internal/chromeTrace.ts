/**
 * Converts GCS lifecycle events into the Chrome trace event format (what
 * `chrome://tracing` and Perfetto open) for `rayx timeline`. Each subject (actor,
 * task, node, job, supervisor) is one row, grouped by kind; each state it entered
 * is a span until its next event, or until the end of the trace unless it ended
 * (`stopped`, `dead`, `succeeded`, `failed`), which shows as an instant. Pure.
 */
import type { LifecycleEvent } from "@rayx/gcs";

/** One Chrome trace event; times in µs. */
export interface TraceEvent {
  readonly name: string;
  readonly cat?: string;
  readonly ph: "X" | "i" | "M";
  readonly ts?: number;
  readonly dur?: number;
  readonly s?: "t";
  readonly pid: number;
  readonly tid: number;
  readonly args?: Readonly<Record<string, string | number>>;
}

const kinds: readonly LifecycleEvent["subjectKind"][] = [
  "node",
  "job",
  "supervisor",
  "actor",
  "task",
];
const terminal = new Set(["stopped", "dead", "succeeded", "failed"]);

/** `{ traceEvents }` for the events (any order; sorted by time, ties kept in order). */
export function chromeTrace(events: readonly LifecycleEvent[]): { traceEvents: TraceEvent[] } {
  const sorted = events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.time - b.event.time || a.index - b.index)
    .map(({ event }) => event);
  const end = sorted.at(-1)?.time ?? 0;
  const rows = new Map<string, LifecycleEvent[]>();
  for (const event of sorted) {
    const key = `${event.subjectKind}\u0000${event.subjectId}`;
    const row = rows.get(key);
    if (row === undefined) rows.set(key, [event]);
    else row.push(event);
  }
  const metadata: TraceEvent[] = [];
  const spans: TraceEvent[] = [];
  for (const kind of kinds) {
    const pid = kinds.indexOf(kind) + 1;
    const subjects = [...rows.values()].filter((row) => row[0]?.subjectKind === kind);
    if (subjects.length === 0) continue;
    metadata.push({ name: "process_name", ph: "M", pid, tid: 0, args: { name: `${kind}s` } });
    subjects.forEach((row, i) => {
      const tid = i + 1;
      metadata.push({
        name: "thread_name",
        ph: "M",
        pid,
        tid,
        args: { name: row[0]?.subjectId ?? "" },
      });
      row.forEach((event, j) => {
        const next = row[j + 1];
        const args = argsOf(event);
        const base = { name: event.type, cat: kind, ts: event.time * 1000, pid, tid, args };
        if (next === undefined && terminal.has(event.type))
          spans.push({ ...base, ph: "i", s: "t" });
        else spans.push({ ...base, ph: "X", dur: ((next?.time ?? end) - event.time) * 1000 });
      });
    });
  }
  return { traceEvents: [...metadata, ...spans] };
}

function argsOf(event: LifecycleEvent): Record<string, string | number> {
  const args: Record<string, string | number> = {};
  if (event.detail !== undefined) args["detail"] = event.detail;
  if (event.nodeId !== undefined) args["nodeId"] = event.nodeId;
  if (event.pid !== undefined) args["pid"] = event.pid;
  return args;
}
