/**
 * The lifecycle of every actor and task, as one XState v5 machine: the single
 * source of truth for which states exist and which events move between them.
 * Cells do not run this machine (an xstate actor costs ~25 µs and 3.8 KB); they
 * apply `lifecycleTransition`, a table compiled from it at module load.
 */
import { setup } from "xstate";

export type LifecycleState =
  | "pending"
  | "scheduled"
  | "starting"
  | "alive"
  | "crashed"
  | "restarting"
  | "replaying"
  | "stopping"
  | "stopped"
  | "dead";

export type LifecycleEvent =
  /** Placed on a node/worker. */
  | "SCHEDULE"
  /** Its constructor (or the task's function) is about to run. */
  | "START"
  /** Ready to serve calls (a task: running). */
  | "STARTED"
  /** Rebuilding from the call log. */
  | "REPLAY"
  /** The call log has been replayed; ready to serve calls. */
  | "REPLAYED"
  /** Exited abnormally: a method or start threw, it was killed, or its host died. */
  | "CRASH"
  /** Its supervisor is bringing it back (a task: a retry). */
  | "RESTART"
  /** Asked to stop, or stopping on its own. */
  | "STOP"
  /** Finished stopping (a task: finished). */
  | "STOPPED"
  /** Killed for good (`kill(handle, { noRestart: true })`). */
  | "KILL"
  /** Restarts exhausted, or no supervisor will restart it. */
  | "GIVE_UP";

/**
 * @example
 * ```ts
 * import { createActor } from "xstate";
 * const lifecycle = createActor(lifecycleMachine).start();
 * lifecycle.send({ type: "SCHEDULE" });
 * lifecycle.getSnapshot().value; // "scheduled"
 * ```
 */
export const lifecycleMachine = setup({
  types: { events: {} as { type: LifecycleEvent } },
}).createMachine({
  id: "lifecycle",
  initial: "pending",
  states: {
    pending: { on: { SCHEDULE: "scheduled", KILL: "dead" } },
    scheduled: { on: { START: "starting", KILL: "dead" } },
    starting: {
      on: {
        STARTED: "alive",
        REPLAY: "replaying",
        STOP: "stopping",
        CRASH: "crashed",
        KILL: "dead",
      },
    },
    alive: { on: { CRASH: "crashed", STOP: "stopping", KILL: "dead" } },
    crashed: { on: { RESTART: "restarting", GIVE_UP: "dead" } },
    restarting: {
      on: {
        REPLAY: "replaying",
        STARTED: "alive",
        CRASH: "crashed",
        GIVE_UP: "dead",
        KILL: "dead",
      },
    },
    replaying: { on: { REPLAYED: "alive", STOP: "stopping", CRASH: "crashed", KILL: "dead" } },
    stopping: { on: { STOPPED: "stopped", CRASH: "crashed", KILL: "dead" } },
    // A permanent child is restarted even after a normal exit (OTP).
    stopped: { on: { RESTART: "restarting", GIVE_UP: "dead" } },
    dead: { type: "final" },
  },
});

export const lifecycleStates = Object.keys(lifecycleMachine.states) as LifecycleState[];

export const lifecycleEvents: readonly LifecycleEvent[] = [
  "SCHEDULE",
  "START",
  "STARTED",
  "REPLAY",
  "REPLAYED",
  "CRASH",
  "RESTART",
  "STOP",
  "STOPPED",
  "KILL",
  "GIVE_UP",
];
