/**
 * Why a process (actor cell, supervisor, or a remote actor's proxy) exited.
 * Exit reasons are data: they reach links, monitors and supervisors as values,
 * never as exceptions thrown into a sender (OTP's `normal`, `shutdown`, `killed`, `{error}`).
 */

export type ExitReason =
  /** Finished on its own (a task returned, `context().stop()` with no reason). */
  | "normal"
  /** Asked to stop by its supervisor or owner. */
  | "shutdown"
  /** Stopped at once, without a chance to finish (`brutal_kill`, shutdown timeout, `kill -9`). */
  | "killed"
  /** Crashed: a method threw, a start failed, or its host died. */
  | { readonly error: unknown };

/** OTP's rule: `normal` and `shutdown` are normal exits; a `transient` child is restarted only after the others. */
export function isNormalExit(reason: ExitReason): boolean {
  return reason === "normal" || reason === "shutdown";
}
