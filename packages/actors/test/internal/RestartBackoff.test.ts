import assert from "node:assert/strict";
import { test } from "node:test";
import { Effect, Schedule } from "effect";
import { RestartBackoff } from "../../src/internal/RestartBackoff.js";

const crash = { error: new Error("boom") };

test("steps each child's schedule separately", () => {
  const backoff = new RestartBackoff(Schedule.exponential("100 millis", 3), 10_000);
  assert.deepEqual(
    [
      backoff.next("a", crash, 0),
      backoff.next("a", crash, 10),
      backoff.next("b", crash, 20),
      backoff.next("a", crash, 30),
    ],
    [100, 300, 100, 900],
  );
});

test("starts a child's schedule afresh when its previous restart is more than resetAfter ms old", () => {
  const backoff = new RestartBackoff(Schedule.exponential("100 millis"), 1000);
  assert.deepEqual(
    [backoff.next("a", crash, 0), backoff.next("a", crash, 1000), backoff.next("a", crash, 2001)],
    [100, 200, 100],
  );
});

test("returns undefined once the schedule has completed", () => {
  const backoff = new RestartBackoff(
    Schedule.spaced("50 millis").pipe(Schedule.upTo({ times: 2 })),
    10_000,
  );
  assert.deepEqual(
    [backoff.next("a", crash, 0), backoff.next("a", crash, 1), backoff.next("a", crash, 2)],
    [50, 50, undefined],
  );
});

test("forgets a child's progress", () => {
  const backoff = new RestartBackoff(Schedule.exponential("100 millis"), 10_000);
  backoff.next("a", crash, 0);
  backoff.forget("a");
  assert.equal(backoff.next("a", crash, 1), 100);
});

test("feeds the exit reason to the schedule as its input", () => {
  const inputs: unknown[] = [];
  const backoff = new RestartBackoff(
    Schedule.spaced("10 millis").pipe(
      Schedule.tap(({ input }) => Effect.sync(() => inputs.push(input))),
    ),
    10_000,
  );
  backoff.next("a", "killed", 0);
  backoff.next("a", crash, 1);
  assert.deepEqual(inputs, ["killed", crash]);
});
