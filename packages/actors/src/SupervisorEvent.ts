/**
 * What a supervisor reports as it works: every child start, failed start, exit,
 * stop and scheduled restart, its giving up, and its own exit. The runtime records
 * these in the GCS; tests wait on them instead of sleeping.
 */
import type { ExitReason } from "./ExitReason.js";

/** Fields every event has: which supervisor, and when (its `Clock`'s `now()`). */
interface EventBase {
  readonly supervisorId: string;
  readonly at: number;
}

/**
 * One thing a supervisor did or saw, stamped with its id and its clock's time.
 *
 * @example
 * await Supervisor.start(spec, {
 *   onEvent: (event) => {
 *     if (event.type === "gave_up") console.error(`${event.supervisorId} gave up after ${event.restarts} restarts`);
 *   },
 * });
 */
export type SupervisorEvent = EventBase &
  (
    | {
        /** A child's process started; `restart` is true when the supervisor started it again after an exit. */
        readonly type: "child_started";
        readonly childId: string;
        readonly processId: string;
        readonly restart: boolean;
      }
    | { readonly type: "child_start_failed"; readonly childId: string; readonly error: unknown }
    | {
        /** A child exited on its own (crash, normal end, or killed from outside). */
        readonly type: "child_exited";
        readonly childId: string;
        readonly processId: string;
        readonly reason: ExitReason;
      }
    | {
        /** The supervisor stopped a child (administration, group restart or shutdown); `reason` is how it ended. */
        readonly type: "child_stopped";
        readonly childId: string;
        readonly processId: string;
        readonly reason: ExitReason;
      }
    | {
        /** A restart was decided after `childId` exited: `childIds` start in this order after `delayMs`. */
        readonly type: "restart_scheduled";
        readonly childId: string;
        readonly childIds: readonly string[];
        readonly delayMs: number;
      }
    | {
        /** Restarts exceeded the intensity (or the backoff schedule completed): the supervisor stops its children and crashes. */
        readonly type: "gave_up";
        readonly childId: string;
        readonly restarts: number;
        readonly intensity: number;
        readonly period: number;
      }
    | { readonly type: "supervisor_exited"; readonly reason: ExitReason }
  );
