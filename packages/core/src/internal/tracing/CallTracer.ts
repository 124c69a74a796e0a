/**
 * Records each call this process runs — an actor method, a task — as a `CallSpan` in
 * the GCS, from where it runs: start and duration in µs (`nowUs`), the outcome, an
 * argument preview, and the calls it made meanwhile (the starts of the timeline's flow
 * arrows; `ActorHandle` and `task` note them). A call made outside any span (a
 * driver's main code) is a span of its own, kind "driver". Spans are written behind,
 * off the reply path, batched per event-loop turn: soon enough that the calls a worker
 * ran before it was killed (`kill -9` a moment later) are still in its history, and
 * with one store write for all the calls of a turn. A process without a sink
 * (`setTraceSink`) records nothing.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { inspect } from "node:util";
import type { CallSpan, GcsApi, OutgoingCall } from "@rayx/gcs";
import { nowUs } from "./nowUs.js";

/** Spans buffered before a write starts within the turn. */
const FLUSH_COUNT = 1_000;

/** Where this process's spans go, and what they are attributed to. */
export interface TraceSink {
  readonly gcs: Pick<GcsApi, "appendSpans">;
  /** The node this process runs on. */
  readonly nodeId: string;
  /** The job of a driver (its "driver" spans are recorded under it); "" in a worker. */
  readonly jobId: string;
}

/** What the runner of a call knows when it receives it. */
export interface SpanStart {
  /** The call's result object id; absent when the call was sent untraced (none is recorded). */
  readonly spanId: string | undefined;
  readonly kind: "actor" | "task";
  readonly subjectId: string;
  readonly name: string;
  readonly argsPreview: string;
  readonly jobId?: string;
}

/** A call that is running (or waits in a mailbox, for an actor's). */
export interface OpenSpan {
  readonly start: SpanStart & { readonly spanId: string };
  startUs: number;
  readonly calls: OutgoingCall[];
}

const current = new AsyncLocalStorage<OpenSpan>();
/** Actor calls waiting in a mailbox, by their argument array, until `callStarted`. */
const waiting = new WeakMap<readonly unknown[], OpenSpan>();
let sink: TraceSink | undefined;
let buffer: CallSpan[] = [];
let timer: NodeJS.Immediate | undefined;

/** Sets (or with `undefined`, clears) where spans go; spans not yet written are written first. */
export function setTraceSink(next: TraceSink | undefined): Promise<void> {
  const flushed = flushTraces();
  sink = next;
  return flushed;
}

/**
 * Opens the span of a call received now; `undefined` when nothing is recorded. An
 * actor call passes its argument array: its span starts when the method does
 * (`callStarted`), not while it waits in the mailbox.
 */
export function openSpan(start: SpanStart, args?: readonly unknown[]): OpenSpan | undefined {
  const spanId = start.spanId;
  if (sink === undefined || spanId === undefined) return undefined;
  const span: OpenSpan = { start: { ...start, spanId }, startUs: nowUs(), calls: [] };
  if (args !== undefined) waiting.set(args, span);
  return span;
}

/** Runs `fn`, the method of the call made with `args`, as that call's span (from now). */
export function callStarted<R>(args: readonly unknown[], fn: () => R): R {
  const span = waiting.get(args);
  if (span === undefined) return fn();
  waiting.delete(args);
  span.startUs = nowUs();
  return current.run(span, fn);
}

/** Records `span` as ended now, with `error` if it threw. */
export function closeSpan(span: OpenSpan | undefined, error?: unknown): void {
  if (span === undefined) return;
  const { start } = span;
  const failed =
    error === undefined ? undefined : error instanceof Error ? error : new Error(inspect(error));
  push({
    spanId: start.spanId,
    kind: start.kind,
    subjectId: start.subjectId,
    name: start.name,
    argsPreview: start.argsPreview,
    outcome: failed === undefined ? "ok" : failed.name,
    ...(failed === undefined ? {} : { error: failed.message }),
    startUs: span.startUs,
    // At least 1 µs: a slice of width 0 hides the flow arrows that end on it.
    durationUs: Math.max(1, nowUs() - span.startUs),
    nodeId: sink?.nodeId ?? "",
    pid: process.pid,
    jobId: start.jobId ?? "",
    calls: span.calls,
  });
}

/** Runs `run` (a task) as the span `start`; records it once `run` settles, then settles as it did. */
export async function traced<T>(start: SpanStart, run: () => Promise<T>): Promise<T> {
  const span = openSpan(start);
  if (span === undefined) return run();
  try {
    const value = await current.run(span, run);
    closeSpan(span);
    return value;
  } catch (error) {
    closeSpan(span, error ?? new Error("undefined was thrown"));
    throw error;
  }
}

/** The actor or task whose call runs now (also after its `await`s), if it is traced. */
export function currentSubject():
  { readonly kind: "actor" | "task"; readonly id: string } | undefined {
  const start = current.getStore()?.start;
  return start === undefined ? undefined : { kind: start.kind, id: start.subjectId };
}

/** Notes that the running code called `name`, whose span will be `flowId` (the call's result id). */
export function noteOutgoing(flowId: string, name: string): void {
  if (sink === undefined) return;
  const call: OutgoingCall = { flowId, name, atUs: nowUs() };
  const open = current.getStore();
  if (open !== undefined) {
    open.calls.push(call);
    return;
  }
  push({
    spanId: `call-${flowId}`,
    kind: "driver",
    subjectId: sink.jobId === "" ? `pid-${process.pid}` : sink.jobId,
    name: `call ${name}`,
    argsPreview: "",
    outcome: "ok",
    startUs: call.atUs,
    durationUs: 1,
    nodeId: sink.nodeId,
    pid: process.pid,
    jobId: sink.jobId,
    calls: [call],
  });
}

/** Writes the spans buffered now; resolves once committed (a failed write is dropped). */
export function flushTraces(): Promise<void> {
  if (timer !== undefined) clearImmediate(timer);
  timer = undefined;
  if (buffer.length === 0 || sink === undefined) return Promise.resolve();
  const spans = buffer;
  buffer = [];
  return sink.gcs.appendSpans(spans).catch(() => undefined);
}

function push(span: CallSpan): void {
  buffer.push(span);
  if (buffer.length >= FLUSH_COUNT) void flushTraces();
  else timer ??= setImmediate(() => void flushTraces()).unref();
}
