import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { test } from "node:test";
import { interleavedTimes, median } from "../src/measure.js";

test("median takes the middle value, or the mean of the two middle ones", () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.throws(() => median([]), { message: "median of no values" });
});

test("interleavedTimes runs every subject once per round, each cleanup right after its body", async () => {
  const order: string[] = [];
  const body = (name: string) => () => {
    order.push(name);
    return () => void order.push(`cleanup ${name}`);
  };
  const names = ["a", "b", "c", "d"];
  const times = await interleavedTimes(Object.fromEntries(names.map((n) => [n, body(n)])), {
    iterations: 5,
    warmup: 1,
  });
  assert.deepEqual(Object.keys(times), names);
  assert.equal(order.length, 6 * 4 * 2);
  const rounds = Array.from({ length: 6 }, (_, r) => order.slice(r * 8, r * 8 + 8));
  for (const round of rounds) {
    const ran = round.filter((_, i) => i % 2 === 0);
    assert.deepEqual([...ran].sort(), names);
    assert.deepEqual(
      round.filter((_, i) => i % 2 === 1),
      ran.map((n) => `cleanup ${n}`),
    );
  }
  // Shuffled, so a subject does not always follow the same other one.
  const firsts = new Set(rounds.map((round) => round[0]));
  assert.ok(firsts.size > 1, `every round started with ${[...firsts].join()}`);
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
