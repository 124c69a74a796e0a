/**
 * The seam between supervision and what is supervised. A `Process` is anything a
 * supervisor can start, signal and monitor: an in-process `ActorCell`, a
 * `Supervisor` itself (so trees nest), or — in `@rayx/core` — a proxy for an actor
 * living in another process or on another node. The kernel knows nothing else.
 */
import type { ExitReason } from "./ExitReason.js";

export interface Process {
  /** Unique within the runtime. */
  readonly id: string;
  /**
   * Sends an exit signal. `"killed"` is untrappable: the process is gone at once.
   * Any other reason asks it to stop: it finishes the call it is running, stops
   * its own children if it has any, then exits with that reason.
   * Signalling a process that already exited does nothing.
   */
  exit(reason: ExitReason): void;
  /**
   * Calls `listener` once with the exit reason when the process has exited —
   * immediately (in a microtask) if it already has. Returns a function that removes the monitor.
   */
  monitor(listener: (reason: ExitReason) => void): () => void;
}
