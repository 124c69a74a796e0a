/**
 * rayx's side of the kernel suite, through `@rayx/actors`' public API only: the
 * actor cell as a `KernelSubject`, the rebuild of an actor from its call log, and a
 * supervisor restart. A piece the kernel does not export yet is `null` with a note,
 * so the suite still runs and prints the peers.
 */
import type { KernelSubject } from "./KernelSubject.js";

export interface RayxKernel {
  /** Calls, spawns and heap through `ActorCell`. */
  readonly subject: KernelSubject | null;
  /**
   * Writes a counter's log of `calls` logged calls (untimed) and returns a rebuild from
   * that log, which resolves with the rebuilt counter's total.
   */
  readonly prepareRebuild: ((calls: number) => Promise<() => Promise<number>>) | null;
  /** Kills a supervised child and resolves with ms until its replacement is alive. */
  readonly supervisorRestartMs: (() => Promise<number>) | null;
  /** Why a piece is `null`. */
  readonly notes: readonly string[];
}

export const rayxKernel: RayxKernel = {
  subject: null,
  prepareRebuild: null,
  supervisorRestartMs: null,
  notes: ["@rayx/actors does not export ActorCell, replay or Supervisor yet: rayx figures are n/a"],
};
