/**
 * The kernel suite's workloads, written once against `KernelSubject` so that rayx,
 * the plain-mailbox limit and nact all do identical work. Each call workload checks
 * the counter's total afterwards, so a subject that drops calls fails loudly instead
 * of looking fast.
 */
import { collectGarbage } from "../measure.js";
import type { Counter, StopAll } from "./KernelSubject.js";

/** `calls` calls, each awaited before the next is sent. */
export async function awaitedCalls(counter: Counter, calls: number): Promise<void> {
  const before = await counter.add(0);
  for (let i = 0; i < calls; i++) await counter.add(1);
  await expectTotal(counter, before + calls);
}

/** `calls` calls sent in batches of `window` in flight, each batch awaited as a whole. */
export async function pipelinedCalls(
  counter: Counter,
  calls: number,
  window: number,
): Promise<void> {
  const before = await counter.add(0);
  const batch = new Array<Promise<number>>(window);
  for (let sent = 0; sent < calls; sent += window) {
    const size = Math.min(window, calls - sent);
    batch.length = size;
    for (let i = 0; i < size; i++) batch[i] = counter.add(1);
    await Promise.all(batch);
  }
  await expectTotal(counter, before + calls);
}

/** `messages` one-way sends, then one awaited call that arrives after all of them. */
export async function tells(counter: Counter, messages: number): Promise<void> {
  const before = await counter.add(0);
  for (let i = 0; i < messages; i++) counter.tell(1);
  await expectTotal(counter, before + messages);
}

/**
 * Heap bytes per actor: full GC, `spawn(n)` and keep them, full GC, heap delta / n.
 * Needs `--expose-gc` (the bench script passes it); includes the one array slot per
 * actor the subject needs to hold them (8 bytes).
 */
export async function heapPerActor(
  spawn: (n: number) => Promise<StopAll>,
  n: number,
): Promise<number> {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const stop = await spawn(n);
  collectGarbage();
  const after = process.memoryUsage().heapUsed;
  await stop();
  return (after - before) / n;
}

async function expectTotal(counter: Counter, expected: number): Promise<void> {
  const total = await counter.add(0);
  if (total !== expected)
    throw new Error(`counter total is ${total}, expected ${expected}: the subject lost calls`);
}
