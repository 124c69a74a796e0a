/**
 * Restart backoff driven by an Effect `Schedule`, stepped by hand: each restart of
 * a child asks the schedule for the next delay, and the supervisor waits that long
 * on its own `Clock` (so a simulated clock makes delays exact). A child's schedule
 * starts afresh once its previous restart is more than `resetAfter` ms old.
 */
// Module paths, not the "effect" barrel: the barrel loads all ~600 of effect's modules,
// ~0.5 s of CPU in every process that imports the kernel (each rayx worker) under tsx.
import * as Cause from "effect/Cause";
import * as Duration from "effect/Duration";
import * as Effect from "effect/Effect";
import * as Exit from "effect/Exit";
import * as Pull from "effect/Pull";
import * as Schedule from "effect/Schedule";
import type { ExitReason } from "../ExitReason.js";

type Step = (
  now: number,
  input: ExitReason,
) => Pull.Pull<[unknown, Duration.Duration], unknown, unknown>;

export class RestartBackoff {
  readonly #steps = new Map<string, { readonly step: Step; last: number }>();

  constructor(
    private readonly schedule: Schedule.Schedule<unknown, ExitReason>,
    private readonly resetAfter: number,
  ) {}

  /**
   * Steps `childId`'s schedule with the exit reason and returns the delay in ms, or
   * `undefined` once the schedule has completed (no more restarts are allowed).
   */
  next(childId: string, reason: ExitReason, now: number): number | undefined {
    let state = this.#steps.get(childId);
    if (state === undefined || now - state.last > this.resetAfter) {
      state = { step: Effect.runSync(Schedule.toStep(this.schedule)), last: now };
      this.#steps.set(childId, state);
    }
    state.last = now;
    const exit = Effect.runSyncExit(state.step(now, reason));
    if (Exit.isSuccess(exit)) return Duration.toMillis(exit.value[1]);
    if (Pull.isDoneCause(exit.cause)) return undefined;
    throw Cause.squash(exit.cause);
  }

  /** Forgets a child's schedule (its spec was deleted). */
  forget(childId: string): void {
    this.#steps.delete(childId);
  }
}
