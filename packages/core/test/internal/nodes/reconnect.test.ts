import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { reconnect } from "../../../src/internal/nodes/reconnect.js";

describe("reconnect", () => {
  test("tries again after failures, waiting longer each time, until an attempt succeeds", async () => {
    const at: number[] = [];
    const value = await reconnect(() => {
      at.push(Date.now());
      return at.length < 4 ? Promise.reject(new Error(`down ${at.length}`)) : Promise.resolve(42);
    });
    assert.equal(value, 42);
    const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
    // 100, 200, 400 ms (exponential): each gap at least its delay, and growing.
    assert.deepEqual(
      gaps.map((gap, i) => gap >= 100 * 2 ** i),
      [true, true, true],
    );
  });

  test("rejects with the last failure once the deadline has passed", async () => {
    let attempts = 0;
    const started = Date.now();
    await assert.rejects(
      reconnect(() => Promise.reject(new Error(`refused ${++attempts}`)), { withinMs: 500 }),
      (error: Error) => error.message === `refused ${attempts}`,
    );
    assert.ok(attempts >= 3, `${attempts} attempts`);
    assert.ok(Date.now() - started < 5_000);
  });

  test("stops at once when its signal aborts", async () => {
    const aborted = new AbortController();
    const trying = reconnect(
      () => {
        aborted.abort();
        return Promise.reject(new Error("down"));
      },
      { signal: aborted.signal },
    );
    await assert.rejects(trying);
  });
});
