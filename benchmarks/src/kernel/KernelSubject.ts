/**
 * What the kernel suite asks of each in-process actor implementation it compares
 * (rayx's `ActorCell`, the plain mailbox limit, nact): start a counter actor and
 * call it, and spawn idle actors in bulk. The workloads in `workloads.ts` are
 * written once against this interface so every subject does exactly the same work.
 */

/** A counter actor: `add(n)` adds `n` to its total and resolves with the new total. */
export interface Counter {
  add(n: number): Promise<number>;
  /** Fire-and-forget `add`. */
  tell(n: number): void;
}

/** Undoes what a spawn did (stops the actors); runs outside the timed region. */
export type StopAll = () => Promise<void> | void;

export interface KernelSubject {
  readonly name: string;
  /** Starts one counter actor whose total begins at 0. */
  startCounter(): Promise<Counter>;
  /** Starts `n` idle actors (each alive and able to take a call) and returns how to stop them. */
  spawnIdle(n: number): Promise<StopAll>;
  /**
   * Starts `n` counters and makes one awaited call to each, so each is idle again with
   * whatever serving a call left behind (a mailbox, a queue); returns how to stop them.
   */
  spawnServed(n: number): Promise<StopAll>;
}
