import assert from "node:assert/strict";
import { test } from "node:test";
import { ratio, renderTable } from "../src/report.js";
import type { Row } from "../src/Suite.js";

const calls: Row = {
  metric: "calls",
  unit: "calls/s",
  higherIsBetter: true,
  rayx: { subject: "rayx", value: 3_000_000 },
  peers: [{ subject: "limit", value: 6_000_000 }],
  target: { description: "rayx ≥ 50% of the limit", met: true },
};
const heap: Row = {
  metric: "heap",
  unit: "bytes",
  higherIsBetter: false,
  rayx: { subject: "rayx", value: null, note: "not built yet" },
  peers: [{ subject: "erlang", value: 2600, note: "not built yet" }],
  target: { description: "≤ 2 KiB", met: false },
};

test("ratio is above 1 when rayx is better, whichever way the unit points", () => {
  assert.equal(ratio(calls, { subject: "slow", value: 1_000_000 }), 3);
  assert.equal(ratio({ ...heap, rayx: { subject: "rayx", value: 200 } }, heap.peers[0]!), 13);
  assert.equal(ratio(heap, heap.peers[0]!), null);
});

test("renderTable marks targets MET, or n/a when rayx's figure is missing, and prints a shared note once", () => {
  const table = renderTable({ suite: "demo", rows: [calls, heap], notes: [] }).split("\n");
  assert.match(
    table[3]!,
    /^calls +calls\/s +3\.00M +limit 6\.00M \(0\.50×\) +MET: rayx ≥ 50% of the limit$/,
  );
  assert.match(table[4]!, /^heap +bytes +n\/a +erlang 2600 +n\/a: ≤ 2 KiB$/);
  assert.deepEqual(table.slice(5), ["note (heap, rayx; heap, erlang): not built yet"]);
});
