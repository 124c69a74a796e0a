import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { get, kill, spawn, state } from "@rayx/core";
import { Holder, span } from "../fixtures/resourceWork.js";
import { useRuntime } from "../fixtures/runtime.js";

/** The spans `[start, end]` that overlap the one before them once sorted by start. */
function overlaps(spans: readonly (readonly [number, number, string])[]): number {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  return sorted.filter((s, i) => i > 0 && s[0] < sorted[i - 1]![1]).length;
}

/** Polls the GCS until the actor named `name` is listed in `lifecycle`; fails after 10 s. */
async function listedAs(name: string, lifecycle: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const info = (await state.listActors()).find((a) => a.name === name);
    if (info?.state === lifecycle) return;
    assert.ok(Date.now() < deadline, `actor ${name} is ${info?.state}, not ${lifecycle}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("a resource the node has one of", () => {
  useRuntime("resource-limits", { resources: { gpu: 1 } });
  const onGpu = span.options({ resources: { gpu: 1 } });

  it("runs async tasks that ask for it one at a time, pipelined or not", async () => {
    const spans = await get(Array.from({ length: 6 }, () => onGpu.remote(60)));
    assert.equal(spans.length, 6);
    assert.equal(overlaps(spans), 0, JSON.stringify(spans));
  });

  it("holds it for an actor while it lives: a second one waits pending, then starts once the first is killed", async () => {
    const first = await spawn(Holder, [], { resources: { gpu: 1 } });
    const second = spawn(Holder, [], { name: "second-holder", resources: { gpu: 1 } });
    await listedAs("second-holder", "pending");
    const killedAt = performance.timeOrigin + performance.now();
    await kill(first);
    const started = await (await second).startedAt();
    assert.ok(started > killedAt, `constructed ${killedAt - started} ms before the kill`);
    await listedAs("second-holder", "alive");
    // A task asking for it waits until the second actor is gone too.
    const task = onGpu.remote(0);
    const killedAgain = performance.timeOrigin + performance.now();
    await kill(await second);
    const [taskStart] = await get(task);
    assert.ok(
      taskStart > killedAgain,
      `the task ran ${killedAgain - taskStart} ms before the kill`,
    );
  });
});
