/**
 * An actor's exit reason as an `exit` frame and back: the node manager sends one to
 * signal an actor (a supervisor stopping or killing it), a worker sends one when an
 * actor it hosts has exited.
 */
import type { ExitReason } from "@rayx/actors";
import { errorFromInfo, errorInfoOf } from "./errorInfo.js";
import type { ExitFrame } from "./Frame.js";

export function actorExitFrame(actorId: string, reason: ExitReason): ExitFrame {
  return typeof reason === "string"
    ? { kind: "exit", subjectId: actorId, subjectKind: "actor", reason }
    : {
        kind: "exit",
        subjectId: actorId,
        subjectKind: "actor",
        reason: "crash",
        error: errorInfoOf(reason.error),
      };
}

export function actorExitReason(frame: ExitFrame): ExitReason {
  if (frame.reason !== "crash") return frame.reason;
  return { error: frame.error === undefined ? new Error("crashed") : errorFromInfo(frame.error) };
}
