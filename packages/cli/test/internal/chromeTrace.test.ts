/** chromeTrace: spans until the next event or the trace end, terminal instants, metadata rows, args. */
import type { LifecycleEvent } from "@rayx/gcs";
import assert from "node:assert/strict";
import { test } from "node:test";
import { chromeTrace } from "../../src/internal/chromeTrace.js";

const event = (
  time: number,
  subjectKind: LifecycleEvent["subjectKind"],
  subjectId: string,
  type: string,
): LifecycleEvent => ({
  time,
  subjectKind,
  subjectId,
  type,
});

test("makes each state a span until the subject's next event, or until the trace ends", () => {
  const { traceEvents } = chromeTrace([
    event(30, "actor", "a", "alive"),
    event(10, "actor", "a", "starting"),
    event(50, "task", "t", "pending"),
  ]);
  assert.deepEqual(traceEvents, [
    { name: "process_name", ph: "M", pid: 4, tid: 0, args: { name: "actors" } },
    { name: "thread_name", ph: "M", pid: 4, tid: 1, args: { name: "a" } },
    { name: "process_name", ph: "M", pid: 5, tid: 0, args: { name: "tasks" } },
    { name: "thread_name", ph: "M", pid: 5, tid: 1, args: { name: "t" } },
    { name: "starting", cat: "actor", ts: 10_000, pid: 4, tid: 1, args: {}, ph: "X", dur: 20_000 },
    { name: "alive", cat: "actor", ts: 30_000, pid: 4, tid: 1, args: {}, ph: "X", dur: 20_000 },
    { name: "pending", cat: "task", ts: 50_000, pid: 5, tid: 1, args: {}, ph: "X", dur: 0 },
  ]);
});

test("shows a final terminal state as an instant and carries detail, node and pid as args", () => {
  const { traceEvents } = chromeTrace([
    {
      time: 5,
      subjectKind: "node",
      subjectId: "n1",
      type: "dead",
      detail: "no heartbeat",
      nodeId: "n1",
      pid: 9,
    },
  ]);
  assert.deepEqual(traceEvents.at(-1), {
    name: "dead",
    cat: "node",
    ts: 5_000,
    pid: 1,
    tid: 1,
    args: { detail: "no heartbeat", nodeId: "n1", pid: 9 },
    ph: "i",
    s: "t",
  });
});

test("gives an empty trace for no events", () => {
  assert.deepEqual(chromeTrace([]), { traceEvents: [] });
});
