import assert from "node:assert/strict";
import { test } from "node:test";
import { RestartIntensity } from "../../src/internal/RestartIntensity.js";

test("allows intensity restarts within the period and refuses one more", () => {
  const window = new RestartIntensity(3, 5000);
  assert.deepEqual(
    [0, 1000, 2000, 3000].map((now) => window.add(now)),
    [true, true, true, false],
  );
  assert.equal(window.count, 4);
});

test("never gives up when restarts are spaced beyond the period", () => {
  const window = new RestartIntensity(1, 1000);
  assert.deepEqual(
    [0, 1001, 2002, 3003, 4004].map((now) => window.add(now)),
    [true, true, true, true, true],
  );
  assert.equal(window.count, 1);
});

test("counts a restart exactly period ms old as inside the window, as OTP does", () => {
  const window = new RestartIntensity(1, 1000);
  assert.equal(window.add(0), true);
  assert.equal(window.add(1000), false);
});

test("slides: old restarts leave the window as time passes", () => {
  const window = new RestartIntensity(2, 1000);
  assert.deepEqual(
    [0, 500, 1200, 1400, 1600].map((now) => window.add(now)),
    // at 1200 the restart at 0 has left; at 1400 three (500, 1200, 1400) are inside; at 1600 500 has left but 1200, 1400, 1600 are three.
    [true, true, true, false, false],
  );
});

test("gives up at the first restart when intensity is 0", () => {
  const window = new RestartIntensity(0, 5000);
  assert.equal(window.add(0), false);
  assert.equal(window.count, 1);
});

test("counts a large window exactly as restarts enter and leave it", () => {
  const window = new RestartIntensity(1000, 1000);
  const allowed = Array.from({ length: 200_000 }, (_, now) => window.add(now));
  // Restarts at 0..999 fit; from then on the window [now - 1000, now] holds 1,001.
  assert.equal(allowed.indexOf(false), 1000);
  assert.equal(allowed.lastIndexOf(true), 999);
  assert.equal(window.count, 1001);
});

test("allows a hundred thousand restarts inside one window and refuses the next", () => {
  const window = new RestartIntensity(100_000, 60_000);
  for (let i = 0; i < 100_000; i++) assert.equal(window.add(i / 10), true);
  assert.equal(window.add(10_000), false);
  assert.equal(window.count, 100_001);
});
