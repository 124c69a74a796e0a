/**
 * nact 7 (Akka-style actors for Node, installed as a devDependency of `benchmarks/`)
 * as a kernel subject. Calls are nact's `query` (a temporary reference and a timeout
 * per call — nact's only request/response) and `dispatch` for one-way sends.
 */
import { dispatch, query, spawn, start, stop } from "nact";
import type { Ref } from "nact";
import type { KernelSubject } from "./KernelSubject.js";

type CounterMessage = { readonly n: number; readonly sender?: Ref<number> };

/** Generous for one call; a query that times out lost its reply (see kernel.ts). */
const QUERY_TIMEOUT_MS = 10_000;

function counter(total: number = 0, message: CounterMessage): number {
  const next = total + message.n;
  if (message.sender) dispatch(message.sender, next);
  return next;
}

function add(actor: Ref<CounterMessage>, n: number): Promise<number> {
  return query(actor, (sender: Ref<number>): CounterMessage => ({ n, sender }), QUERY_TIMEOUT_MS);
}

export const nactSubject: KernelSubject = {
  name: "nact",
  startCounter() {
    const actor = spawn(start(), counter);
    return Promise.resolve({
      add: (n: number) => add(actor, n),
      tell: (n: number) => dispatch(actor, { n }),
    });
  },
  spawnIdle(n) {
    const system = start();
    for (let i = 0; i < n; i++) spawn(system, (state: number = 0) => state, `idle-${i}`);
    return Promise.resolve(() => stop(system));
  },
  async spawnServed(n) {
    const system = start();
    const actors = Array.from({ length: n }, (_, i) => spawn(system, counter, `served-${i}`));
    // One by one: many queries in flight risk nact's reply-id collisions (see kernel.ts).
    for (const actor of actors) await add(actor, 1);
    return () => stop(system);
  },
};
