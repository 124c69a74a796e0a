/** chromeTrace: a process per pid, call slices in non-overlapping lanes, flows caller → callee, lifecycle instants. */
import type { CallSpan, LifecycleEvent } from "@rayx/gcs";
import assert from "node:assert/strict";
import { test } from "node:test";
import { chromeTrace } from "../../src/internal/chromeTrace.js";

const span = (
  spanId: string,
  pid: number,
  startUs: number,
  durationUs: number,
  more: Partial<CallSpan> = {},
): CallSpan => ({
  spanId,
  kind: "actor",
  subjectId: "a1",
  name: `C.${spanId}`,
  argsPreview: `${spanId}()`,
  outcome: "ok",
  startUs,
  durationUs,
  nodeId: "n1",
  pid,
  jobId: "",
  calls: [],
  ...more,
});

test("makes each call a slice on its process, in the first lane where it overlaps none", () => {
  const { traceEvents } = chromeTrace(
    [span("a", 7, 100, 50), span("b", 7, 120, 10), span("c", 7, 160, 5)],
    [],
  );
  assert.deepEqual(
    traceEvents.filter((e) => e.ph === "X").map((e) => [e.name, e.pid, e.tid, e.ts, e.dur]),
    [
      ["C.a", 7, 1, 100, 50],
      ["C.b", 7, 2, 120, 10],
      ["C.c", 7, 1, 160, 5],
    ],
  );
  assert.deepEqual(
    traceEvents.filter((e) => e.ph === "M").map((e) => [e.name, e.pid, e.tid, e.args?.["name"]]),
    [
      ["process_name", 7, 0, "worker pid 7 (n1)"],
      ["thread_name", 7, 0, "lifecycle"],
      ["thread_name", 7, 1, "calls"],
      ["thread_name", 7, 2, "calls 2"],
    ],
  );
});

test("draws a flow from the caller's slice to the callee's, both ends with one id", () => {
  const caller = span("caller", 1, 10, 1, {
    kind: "driver",
    calls: [
      { flowId: "callee", name: "C.callee", atUs: 10 },
      { flowId: "never-ran", name: "x", atUs: 10 },
    ],
  });
  const { traceEvents } = chromeTrace([caller, span("callee", 2, 40, 30)], []);
  const flows = traceEvents.filter((e) => e.ph === "s" || e.ph === "f");
  assert.deepEqual(flows, [
    { name: "C.callee", cat: "call", id: 1, ph: "s", ts: 10, pid: 1, tid: 1 },
    { name: "C.callee", cat: "call", id: 1, ph: "f", bp: "e", ts: 40, pid: 2, tid: 1 },
  ]);
});

test("puts lifecycle events on their process's lifecycle thread, or on the cluster process", () => {
  const events: LifecycleEvent[] = [
    { time: 5, subjectKind: "actor", subjectId: "a1", type: "alive", pid: 7 },
    { time: 6, subjectKind: "node", subjectId: "n1", type: "dead", detail: "no heartbeat" },
  ];
  const { traceEvents } = chromeTrace([span("a", 7, 100, 50)], events);
  assert.deepEqual(
    traceEvents.filter((e) => e.ph === "i"),
    [
      {
        name: "actor alive",
        cat: "lifecycle",
        ph: "i",
        s: "t",
        ts: 5_000,
        pid: 7,
        tid: 0,
        args: { subject: "a1", pid: 7 },
      },
      {
        name: "node dead",
        cat: "lifecycle",
        ph: "i",
        s: "t",
        ts: 6_000,
        pid: 0,
        tid: 0,
        args: { subject: "n1", detail: "no heartbeat" },
      },
    ],
  );
});

test("gives an empty trace for no calls and no events", () => {
  assert.deepEqual(chromeTrace([], []), { traceEvents: [] });
});
