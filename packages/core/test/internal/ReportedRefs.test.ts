import assert from "node:assert/strict";
import { setImmediate as nextTurn } from "node:timers/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, it } from "node:test";
import { ReportedRefs } from "../../src/internal/ReportedRefs.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Collects garbage until `done()` or the deadline passes (finalizers run between turns). */
async function collectUntil(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!done() && Date.now() < deadline) {
    gc();
    await nextTurn();
  }
}

function reported(): { refs: ReportedRefs; batches: [string[], string[]][]; gone: string[] } {
  const batches: [string[], string[]][] = [];
  const gone: string[] = [];
  const refs = new ReportedRefs(
    (holds, releases) => batches.push([holds, releases]),
    (id) => gone.push(id),
  );
  return { refs, batches, gone };
}

describe("ReportedRefs", () => {
  it("reports an object held once, with its first ref, in one batch per turn", async () => {
    const { refs, batches } = reported();
    const kept = [{}, {}, {}];
    refs.made(kept[0] as object, "a");
    refs.made(kept[1] as object, "a");
    refs.made(kept[2] as object, "b");
    assert.deepEqual(batches, []);
    await nextTurn();
    assert.deepEqual(batches, [[["a", "b"], []]]);
    assert.equal(kept.length, 3);
  });

  it("sends pending changes at once on flush (before another frame), and nothing when there are none", () => {
    const { refs, batches } = reported();
    const kept = {};
    refs.made(kept, "a");
    refs.flush();
    refs.flush();
    assert.deepEqual(batches, [[["a"], []]]);
  });

  it("reports a release once the last ref of an object is garbage collected", async () => {
    const { refs, batches, gone } = reported();
    const kept = {};
    refs.made(kept, "a");
    (() => refs.made({}, "a"))();
    refs.flush();
    (() => refs.made({}, "b"))();
    refs.flush();
    await collectUntil(() => gone.length > 0);
    await nextTurn();
    assert.deepEqual(gone, ["b"]);
    assert.deepEqual(batches, [
      [["a"], []],
      [["b"], []],
      [[], ["b"]],
    ]);
    assert.ok(kept);
  });

  it("reports the release of a ref collected before its hold was reported (the manager may count it already)", async () => {
    const { refs, batches, gone } = reported();
    (() => refs.made({}, "a"))();
    await collectUntil(() => gone.length > 0);
    refs.flush();
    assert.deepEqual(gone, ["a"]);
    // One batch or two (the turn's batch may go before the finalizer runs): both are sent.
    assert.deepEqual(
      [batches.flatMap(([holds]) => holds), batches.flatMap(([, releases]) => releases)],
      [["a"], ["a"]],
    );
  });
});
