import assert from "node:assert/strict";
import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, it } from "node:test";
import { RefCounts } from "../../src/internal/RefCounts.js";

function counts(): { refs: RefCounts; freed: string[] } {
  const freed: string[] = [];
  return { refs: new RefCounts((id) => freed.push(id)), freed };
}

describe("RefCounts", () => {
  it("frees an object one event turn after its last hold is released, not before", async () => {
    const { refs, freed } = counts();
    refs.holdAll(["a", "a", "b"]);
    refs.releaseAll(["a", "b"]);
    assert.deepEqual(freed, []);
    await nextTurn();
    assert.deepEqual(freed, ["b"]);
    assert.equal(refs.count("a"), 1);
    refs.release("a");
    await nextTurn();
    assert.deepEqual(freed, ["b", "a"]);
    assert.equal(refs.count("a"), 0);
  });

  it("keeps an object whose hold arrives in the same turn as the release of another", async () => {
    const { refs, freed } = counts();
    refs.hold("a");
    refs.release("a");
    refs.hold("a"); // e.g. a reply carrying the ref, decoded after the release was reported
    await nextTurn();
    assert.deepEqual(freed, []);
    assert.equal(refs.count("a"), 1);
  });

  it("counts a reporting process once per object, however often it reports it", async () => {
    const { refs, freed } = counts();
    refs.report("worker-1", ["a", "b"], []);
    refs.report("worker-1", ["a"], []);
    assert.equal(refs.count("a"), 1);
    refs.report("worker-1", [], ["a", "c"]); // "c" was never reported held: ignored
    await nextTurn();
    assert.deepEqual(freed, ["a"]);
    assert.equal(refs.count("b"), 1);
  });

  it("drops every hold of a process that is gone", async () => {
    const { refs, freed } = counts();
    refs.hold("b");
    refs.report("worker-1", ["a", "b"], []);
    refs.report("worker-2", ["a"], []);
    refs.processGone("worker-1");
    await nextTurn();
    assert.deepEqual(freed, []);
    assert.deepEqual([refs.count("a"), refs.count("b")], [1, 1]);
    refs.processGone("worker-2");
    await nextTurn();
    assert.deepEqual(freed, ["a"]);
  });

  it("ignores a release of an object it holds no count of", async () => {
    const { refs, freed } = counts();
    refs.release("never-held");
    await nextTurn();
    assert.deepEqual(freed, []);
  });
});
