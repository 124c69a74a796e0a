/**
 * The driver program of the multi-host scenario, run inside one host of the bed: it
 * joins the head named by `RAYX_ADDRESS` with `RAYX_TOKEN`, then runs the steps the
 * test asks for on stdin (one JSON line `{"step", "args"}` each) and answers each on
 * stdout (`@@ {"value"}` or `@@ {"error"}`), keeping refs and handles between steps.
 * It reports what it saw; the test holds the expectations.
 */
import { createInterface } from "node:readline";
import { get, init, inspect, main, put, shutdown, spawn, state, wait } from "@rayx/core";
import type { ActorHandle, ObjectRef } from "@rayx/core";
import { Counter } from "../fixtures/actors.js";
import { fillHere, filled, hostRan, readWhere } from "../fixtures/scenarioTasks.js";
import { ANSWER } from "./DriverProcess.js";

/** 20,000 doubles: 160 KB, above the 100 KiB inline limit, so a result stays in its node's store. */
const N = 20_000;
/** How long a step polls the cluster for a state before it reports the last it saw. */
const SETTLE_MS = 20_000;

type ObjectInfo = Awaited<ReturnType<typeof state.listObjects>>[number];

/** Calls `read` until `done` accepts its value or `SETTLE_MS` pass; returns the last value. */
async function settled<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The stored objects above `8·N` bytes that `before` did not list. */
async function storedSince(before: readonly ObjectInfo[]): Promise<ObjectInfo[]> {
  const known = new Set(before.map((o) => o.objectId));
  return (await state.listObjects()).filter((o) => !known.has(o.objectId) && o.size > 8 * N);
}

/** `[length, first, last]` of an array of doubles. */
const shape = (values: Float64Array) => [values.length, values[0], values.at(-1)];

let onlyOnB: ObjectRef<Float64Array> | undefined;
let producerOfOnlyOnB: string | undefined;
let counters: { b: ActorHandle<Counter>; c: ActorHandle<Counter> } | undefined;

function need<T>(value: T | undefined, step: string): T {
  if (value === undefined) throw new Error(`run step '${step}' first`);
  return value;
}

const steps: Record<string, (...args: never[]) => Promise<unknown>> = {
  /** The hosts that tasks asking for `b`, `c` and `b` ran on. */
  hostsByResource: () =>
    get([
      hostRan.options({ resources: { b: 1 } }).remote(),
      hostRan.options({ resources: { c: 1 } }).remote(),
      hostRan.options({ resources: { b: 1 } }).remote(),
    ]),

  /** A result made on B, read by a task on C and by this driver, and where the GCS lists it. */
  madeOnB: async (copies: number) => {
    const before = await state.listObjects();
    const made = filled.options({ resources: { b: 1 } }).remote(N, 2);
    const onC = await get(readWhere.options({ resources: { c: 1 } }).remote(made));
    const here = shape(await get(made));
    const stored = await settled(
      () => storedSince(before),
      (list) => list.length === 1 && list[0]!.locations.length === copies,
    );
    return { onC, here, locations: stored.map((o) => [...o.locations].sort()) };
  },

  /** A value this driver put, read by a task on B. */
  putReadOnB: async () =>
    get(readWhere.options({ resources: { b: 1 } }).remote(put(new Float64Array(N).fill(3)))),

  /** A result a task on B made with a nested task (so only B holds it), and where it is. */
  keptOnB: async () => {
    const before = await state.listObjects();
    [onlyOnB] = await get(fillHere.options({ resources: { b: 1 } }).remote(N, 5));
    const ready = (await wait([onlyOnB])).ready.length;
    const stored = await storedSince(before);
    producerOfOnlyOnB = stored[0]?.producerTaskId;
    return {
      ready,
      stored: stored.map((o) => [o.locations, typeof o.producerTaskId]),
    };
  },

  /** Spawns an actor on each joined node, calls each twice, and says where they run. */
  actors: async () => {
    // C's one worker hosts on-c first, so the actor asking only for `shared` lands on
    // B's idle workers; C's `shared` stays free for it when B dies.
    const c = await spawn(Counter, [], { name: "on-c", resources: { c: 1 } });
    const b = await spawn(Counter, [], { name: "on-b", resources: { shared: 1 } });
    counters = { b, c };
    const sums = [
      await Promise.all([b.add(3), c.add(10)]),
      await Promise.all([b.add(4), c.add(20)]),
    ];
    const [ib, ic] = await Promise.all([inspect(b), inspect(c)]);
    return { sums, nodes: [ib.nodeId, ic.nodeId] };
  },

  /** Once on-b is alive again on `nodeC`: its restarts, both counts, and one more call each. */
  actorsAfterKill: async (nodeC: string) => {
    const { b, c } = need(counters, "actors");
    const info = await settled(
      () => inspect(b).catch(() => undefined),
      (i) => i?.nodeId === nodeC && i.state === "alive",
    );
    return {
      state: info?.state,
      nodeId: info?.nodeId,
      restarts: info?.restarts,
      read: await Promise.all([b.read(), c.read()]),
      added: await Promise.all([b.add(1), c.add(1)]),
    };
  },

  /** Has on-b print `text` on its worker's stdout; its worker's pid. */
  say: async (text: string) => get(need(counters, "actors").b.say(text)),

  /** The result only B held, read again, and the nodes its copies are now listed at. */
  lineage: async () => {
    const value = shape(await get(need(onlyOnB, "keptOnB")));
    const producer = need(producerOfOnlyOnB, "keptOnB");
    const copies = (await state.listObjects()).filter((o) => o.producerTaskId === producer);
    return { value, locations: [...new Set(copies.flatMap((o) => o.locations))].sort() };
  },
};

async function answer(line: string): Promise<string> {
  try {
    const { step, args = [] } = JSON.parse(line) as { step: string; args?: never[] };
    const run = steps[step];
    if (run === undefined) throw new Error(`no step '${step}' (${Object.keys(steps).join(", ")})`);
    return JSON.stringify({ value: (await run(...args)) ?? null });
  } catch (error) {
    return JSON.stringify({ error: error instanceof Error ? error.stack : String(error) });
  }
}

main(async () => {
  const runtime = await init();
  process.stdout.write(`${ANSWER}${JSON.stringify({ value: { nodeId: runtime.nodeId } })}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    process.stdout.write(`${ANSWER}${await answer(line)}\n`);
  }
  await shutdown();
});
