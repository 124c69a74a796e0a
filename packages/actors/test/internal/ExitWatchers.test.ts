/** ExitWatchers: links and monitors kept until the exit, then told once, links first. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ExitReason, Process } from "@rayx/actors";
import { ExitWatchers } from "../../src/internal/ExitWatchers.js";

function processNamed(id: string): Process {
  return { id, exit: () => {}, monitor: () => () => {} };
}

test("tells linked processes, then monitors, once, and forgets them all", () => {
  const watchers = new ExitWatchers();
  const heard: unknown[] = [];
  const a = processNamed("a");
  const b = processNamed("b");
  watchers.monitor((reason) => heard.push(reason));
  watchers.link(a, () => heard.push("unmonitor:a"));
  watchers.link(b);
  watchers.notify("shutdown", (other) => heard.push(`link:${other.id}`));
  watchers.notify("normal", (other) => heard.push(`again:${other.id}`));
  assert.deepEqual(heard, ["unmonitor:a", "link:a", "link:b", "shutdown"]);
  assert.equal(watchers.isLinked(a), false);
});

test("unlink removes the link's monitor; forget leaves it alone", () => {
  const watchers = new ExitWatchers();
  const removed: string[] = [];
  const a = processNamed("a");
  const b = processNamed("b");
  watchers.link(a, () => removed.push("a"));
  watchers.link(b, () => removed.push("b"));
  watchers.unlink(a);
  assert.equal(watchers.forget(b), true);
  assert.equal(watchers.forget(b), false);
  assert.deepEqual(removed, ["a"]);
  assert.equal(watchers.isLinked(a), false);
});

test("a throwing monitor does not stop the others; its error surfaces in a microtask", async () => {
  const watchers = new ExitWatchers();
  const reasons: ExitReason[] = [];
  const boom = new Error("listener bug");
  watchers.monitor(() => {
    throw boom;
  });
  watchers.monitor((reason) => reasons.push(reason));
  // The test runner's own handler would fail the test: stand in for it while the error surfaces.
  const runners = process.listeners("uncaughtException");
  process.removeAllListeners("uncaughtException");
  try {
    const surfaced = new Promise<unknown>((resolve) => process.once("uncaughtException", resolve));
    watchers.notify("normal", () => {});
    assert.deepEqual(reasons, ["normal"]);
    assert.equal(await surfaced, boom);
  } finally {
    process.removeAllListeners("uncaughtException");
    for (const listener of runners) process.on("uncaughtException", listener);
  }
});
