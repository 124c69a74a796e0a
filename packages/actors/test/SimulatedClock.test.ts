/** SimulatedClock: timers fire in time order on advance/runAll, never by sleeping. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { SimulatedClock } from "@rayx/actors/testing";

test("fires due timers in time order, with now() at each timer's due time", () => {
  const clock = new SimulatedClock(1000);
  const fired: string[] = [];
  clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
  clock.setTimeout(() => fired.push(`a@${clock.now()}`), 10);
  clock.setTimeout(() => fired.push(`c@${clock.now()}`), 30);
  assert.equal(clock.advance(25), 2);
  assert.deepEqual(fired, ["a@1010", "b@1020"]);
  assert.equal(clock.now(), 1025);
  assert.equal(clock.pending, 1);
});

test("fires timers due at the same time in the order they were set", () => {
  const clock = new SimulatedClock();
  const fired: number[] = [];
  for (const n of [1, 2, 3]) clock.setTimeout(() => fired.push(n), 5);
  clock.advance(5);
  assert.deepEqual(fired, [1, 2, 3]);
});

test("fires timers set by fired timers when they fall inside the window", () => {
  const clock = new SimulatedClock();
  const fired: number[] = [];
  clock.setTimeout(() => {
    fired.push(clock.now());
    clock.setTimeout(() => fired.push(clock.now()), 10);
    clock.setTimeout(() => fired.push(clock.now()), 100);
  }, 10);
  assert.equal(clock.advance(50), 2);
  assert.deepEqual(fired, [10, 20]);
  assert.equal(clock.pending, 1);
});

test("does not fire a cancelled timer, and cancel is idempotent", () => {
  const clock = new SimulatedClock();
  let fired = 0;
  const timer = clock.setTimeout(() => fired++, 10);
  timer.cancel();
  timer.cancel();
  assert.equal(clock.advance(100), 0);
  assert.equal(fired, 0);
  assert.equal(clock.pending, 0);
});

test("runAll fires every pending timer and leaves time at the last due time", () => {
  const clock = new SimulatedClock();
  const fired: number[] = [];
  clock.setTimeout(() => fired.push(clock.now()), 300);
  clock.setTimeout(() => clock.setTimeout(() => fired.push(clock.now()), 50), 100);
  assert.equal(clock.runAll(), 3);
  assert.deepEqual(fired, [150, 300]);
  assert.equal(clock.now(), 300);
});

test("runAll throws instead of looping forever on a timer that always re-arms", () => {
  const clock = new SimulatedClock();
  const rearm = (): void => void clock.setTimeout(rearm, 1);
  rearm();
  assert.throws(() => clock.runAll(100), /timers still pending after firing 100/);
});

test("advance rejects a negative duration", () => {
  assert.throws(() => new SimulatedClock().advance(-1), RangeError);
});
