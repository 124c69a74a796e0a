/**
 * The tasks the tasks suite runs. Workers import this module to find them, so it holds
 * task definitions only — no driver code runs at its top level. The submitting tasks
 * are clients (Ray's multi-client rows): they hold no `cpu`, so they never take the
 * workers their own tasks need.
 */
import { get, task } from "@rayx/core";
import type { ActorHandle } from "@rayx/core";
import type { Counter } from "./actors.js";

const CLIENT = { resources: { cpu: 0 } };

/** Ray's microbenchmark task: does nothing, returns a small value. */
export const noop = task(function noop(): number {
  return 0;
});

/** Takes a 1 MiB array (passed as a ref) and returns its length. */
export const byteLength = task(function byteLength(bytes: Uint8Array): number {
  return bytes.byteLength;
});

/** A client on a worker: submits `count` no-op tasks, all in flight, and waits for them. */
export const submitNoops = task(async function submitNoops(count: number): Promise<number> {
  const results = await get(Array.from({ length: count }, () => noop.remote()));
  return results.length;
}, CLIENT);

/** A client on a worker: makes `count` calls to `counter`, all in flight, and waits for them. */
export const callCounter = task(async function callCounter(
  counter: ActorHandle<Counter>,
  count: number,
): Promise<number> {
  const results = await get(Array.from({ length: count }, () => counter.add(1)));
  return results.length;
}, CLIENT);
