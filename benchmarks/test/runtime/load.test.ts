import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { test } from "node:test";
import {
  RAYX,
  allInFlight,
  floorAndPeer,
  oneByOne,
  rateRow,
  rates,
} from "../../src/runtime/load.js";

/** A call that resolves on a later macrotask and records how many calls were in flight at once. */
function trackedCall() {
  const seen = { calls: 0, inFlight: 0, most: 0 };
  const call = () => {
    seen.calls++;
    seen.most = Math.max(seen.most, ++seen.inFlight);
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        seen.inFlight--;
        resolve();
      }),
    );
  };
  return { seen, call };
}

test("oneByOne makes every call, each after the previous one settled", async () => {
  const { seen, call } = trackedCall();
  await oneByOne(50, call);
  assert.deepEqual(seen, { calls: 50, inFlight: 0, most: 1 });
});

test("allInFlight issues every call before awaiting any", async () => {
  const { seen, call } = trackedCall();
  await allInFlight(50, call);
  assert.deepEqual(seen, { calls: 50, inFlight: 0, most: 50 });
});

test("rates gives each subject its operations per second, with its own count when given one", async (t) => {
  // A fake clock that only the bodies advance: a takes 2 ms, b takes 4 ms.
  let now = 0;
  t.mock.method(performance, "now", () => now);
  const figures = await rates(1_000, {
    a: () => void (now += 2),
    b: [10, () => void (now += 4)],
  });
  assert.deepEqual(figures, { a: 500_000, b: 2_500 });
});

test("floorAndPeer is met only at the floor and at least the peer's figure", () => {
  const check = (rayx: number, peer: number) =>
    floorAndPeer({ [RAYX]: rayx, peer }, 5_000, 1_000, "peer", "piscina").met;
  assert.equal(check(6_000, 6_000), true);
  assert.equal(check(6_000, 7_000), false);
  assert.equal(check(4_000, 3_000), false);
  assert.equal(
    floorAndPeer({ [RAYX]: 1 }, 5_000, 1_000, "peer", "piscina").description,
    "≥ 5,000/s (5× Ray) and ≥ piscina",
  );
  assert.equal(floorAndPeer({ [RAYX]: 6_000 }, 5_000, 1_000, "peer", "piscina").met, false);
});

test("rateRow puts rayx's figure first and a missing figure as null", () => {
  const row = rateRow("m", "ops/s", { [RAYX]: 5 }, [{ subject: "p", value: null }]);
  assert.deepEqual(row, {
    metric: "m",
    unit: "ops/s",
    higherIsBetter: true,
    rayx: { subject: RAYX, value: 5 },
    peers: [{ subject: "p", value: null }],
  });
});
