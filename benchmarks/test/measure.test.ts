import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { test } from "node:test";
import { interleavedTimes, median } from "../src/measure.js";

test("median takes the middle value, or the mean of the two middle ones", () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.throws(() => median([]), { message: "median of no values" });
});

test("interleavedTimes runs every subject once per round in rotating order, cleanups after each", async () => {
  const order: string[] = [];
  const body = (name: string) => () => {
    order.push(name);
    return () => void order.push(`cleanup ${name}`);
  };
  const times = await interleavedTimes(
    { a: body("a"), b: body("b") },
    { iterations: 2, warmup: 1 },
  );
  assert.deepEqual(Object.keys(times), ["a", "b"]);
  assert.deepEqual(order, [
    ...["a", "cleanup a", "b", "cleanup b"],
    ...["b", "cleanup b", "a", "cleanup a"],
    ...["a", "cleanup a", "b", "cleanup b"],
  ]);
});

test("interleavedTimes times the body alone, never its cleanup", async (t) => {
  // A fake clock that only bodies and cleanups advance: 1 ms per body, 1000 ms per cleanup.
  let now = 0;
  t.mock.method(performance, "now", () => now);
  const times = await interleavedTimes(
    {
      a: () => {
        now += 1;
        return () => void (now += 1000);
      },
    },
    { iterations: 3, warmup: 1 },
  );
  assert.deepEqual(times, { a: 1 });
});
