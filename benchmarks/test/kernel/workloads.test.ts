import assert from "node:assert/strict";
import { test } from "node:test";
import type { Counter } from "../../src/kernel/KernelSubject.js";
import { plainSubject } from "../../src/kernel/plainSubject.js";
import { awaitedCalls, pipelinedCalls, tells } from "../../src/kernel/workloads.js";

/** A counter that silently drops every `drop`-th add, as a broken subject would. */
function leakyCounter(drop: number): Counter {
  let total = 0;
  let calls = 0;
  const add = (n: number) => {
    if (n !== 0 && ++calls % drop === 0) return Promise.resolve(total);
    return Promise.resolve((total += n));
  };
  return { add, tell: (n) => void add(n) };
}

test("each workload leaves the counter at its starting total plus the calls made", async () => {
  const counter = await plainSubject.startCounter();
  await awaitedCalls(counter, 10);
  await pipelinedCalls(counter, 25, 10);
  await tells(counter, 7);
  assert.equal(await counter.add(0), 42);
});

test("each workload fails, naming the totals, when the subject loses calls", async () => {
  const lost = { message: "counter total is 99, expected 100: the subject lost calls" };
  await assert.rejects(awaitedCalls(leakyCounter(100), 100), lost);
  await assert.rejects(pipelinedCalls(leakyCounter(100), 100, 30), lost);
  await assert.rejects(tells(leakyCounter(100), 100), lost);
});
