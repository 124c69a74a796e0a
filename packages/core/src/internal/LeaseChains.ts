/**
 * A worker's side of task leases (`TaskLeases`): the tasks of one lease run one at a
 * time, in arrival order, async ones included — the lease holds one task's resources,
 * so a `{ gpu: 1 }` lease never runs two of its tasks at once. While the worker's code
 * waits in `get`/`wait` its leases have lent their resources out (Ray's blocked-worker
 * release) and their queued tasks start at once, so a task waiting for a task that
 * was pipelined behind it cannot deadlock its lease.
 */

interface Chain {
  /** Tasks of the lease started and not yet settled. */
  running: number;
  readonly queue: (() => Promise<void>)[];
}

export class LeaseChains {
  readonly #chains = new Map<number, Chain>();
  /** Whether the worker's code waits in `get`/`wait` now. */
  readonly #blocked: () => boolean;

  constructor(blocked: () => boolean) {
    this.#blocked = blocked;
  }

  /** Runs `task` now, or after the tasks of `lease` before it have settled; no lease: now. */
  run(lease: number | undefined, task: () => Promise<void>): void {
    if (lease === undefined) {
      void task();
      return;
    }
    let chain = this.#chains.get(lease);
    if (chain === undefined) this.#chains.set(lease, (chain = { running: 0, queue: [] }));
    chain.queue.push(task);
    this.#next(lease, chain);
  }

  /** The worker's code started waiting: every queued task starts. */
  blocked(): void {
    for (const [lease, chain] of this.#chains) this.#next(lease, chain);
  }

  #next(lease: number, chain: Chain): void {
    while (chain.queue.length > 0 && (chain.running === 0 || this.#blocked())) {
      const task = chain.queue.shift() as () => Promise<void>;
      chain.running++;
      void task().finally(() => {
        chain.running--;
        if (chain.running === 0 && chain.queue.length === 0) this.#chains.delete(lease);
        else this.#next(lease, chain);
      });
    }
  }
}
