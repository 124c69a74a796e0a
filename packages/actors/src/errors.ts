/**
 * Errors of the actor kernel. Each is a `RayxError` (from `@rayx/gcs`) with a
 * literal `name`, a stable `code` and typed fields; messages say what to do next.
 * Failures that cross actor boundaries travel as `ExitReason` data, not as these.
 */
import { RayxError } from "@rayx/gcs";
import type { ExitReason } from "./ExitReason.js";

/** Describes an exit reason in words, for error messages. */
export function describeExitReason(reason: ExitReason): string {
  if (typeof reason === "string") return reason;
  const error = reason.error;
  return error instanceof Error
    ? `crashed (${error.name}: ${error.message})`
    : `crashed (${String(error)})`;
}

/** A bounded mailbox with `overflow: "reject"` was full when a message arrived. */
export class MailboxFullError extends RayxError {
  readonly name = "MailboxFullError";
  readonly code = "RAYX_MAILBOX_FULL";
  constructor(
    readonly owner: string,
    readonly capacity: number,
  ) {
    super(
      `the mailbox of '${owner}' is full (capacity ${capacity}): retry later, raise ` +
        `mailbox.capacity, or use mailbox.overflow "backpressure" to make senders wait`,
    );
  }
}

/** Options of an `ActorDiedError`. */
export interface ActorDiedOptions extends ErrorOptions {
  /**
   * The incarnation that had the call died, the call was not applied, and the actor
   * was rebuilt and takes calls again: the message says so rather than "is dead".
   */
  readonly rebuilt?: boolean;
}

/**
 * A call reached an actor that has exited (or exited while the call waited or ran).
 * The call was not applied: the actor's state does not hold it.
 */
export class ActorDiedError extends RayxError {
  readonly name = "ActorDiedError";
  readonly code = "RAYX_ACTOR_DIED";
  constructor(
    readonly actorId: string,
    readonly reason: ExitReason,
    options?: ActorDiedOptions,
  ) {
    super(
      options?.rebuilt === true
        ? `actor '${actorId}' exited under this call (${describeExitReason(reason)}) before ` +
            `applying it; the actor was rebuilt and takes calls again: send the call again, ` +
            `or spawn it with maxTaskRetries to have such calls retried`
        : `actor '${actorId}' is dead: it exited (${describeExitReason(reason)}); ` +
            `if it is supervised, call its rebuilt incarnation, otherwise start it again`,
      options ?? (typeof reason === "object" ? { cause: reason.error } : undefined),
    );
  }
}

/** A call named a method the actor's class does not have. The actor keeps running. */
export class UnknownMethodError extends RayxError {
  readonly name = "UnknownMethodError";
  readonly code = "RAYX_UNKNOWN_METHOD";
  constructor(
    readonly className: string,
    readonly method: string,
  ) {
    super(
      `class ${className} has no method '${method}': check the method name, ` +
        `or add the method to ${className}`,
    );
  }
}

/** A class was used as an actor without the `@actor()` decorator. */
export class NotAnActorError extends RayxError {
  readonly name = "NotAnActorError";
  readonly code = "RAYX_NOT_AN_ACTOR";
  constructor(readonly className: string) {
    super(
      `class ${className} is not an actor: add @actor() above 'class ${className}' ` +
        `(import { actor } from "@rayx/core")`,
    );
  }
}

/** `@actor(options)` or start options hold a value out of range. */
export class InvalidActorOptionsError extends RayxError {
  readonly name = "InvalidActorOptionsError";
  readonly code = "RAYX_INVALID_ACTOR_OPTIONS";
  constructor(
    readonly option: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`actor option '${option}' is ${String(value)}: it must be ${expected}`);
  }
}

/** A lifecycle event that the lifecycle machine does not accept in the current state. */
export class IllegalTransitionError extends RayxError {
  readonly name = "IllegalTransitionError";
  readonly code = "RAYX_ILLEGAL_TRANSITION";
  constructor(
    readonly state: string,
    readonly event: string,
    allowed: readonly string[],
  ) {
    super(
      `lifecycle event ${event} is not allowed in state '${state}' ` +
        `(allowed there: ${allowed.length === 0 ? "none, it is final" : allowed.join(", ")})`,
    );
  }
}

/** Replaying the call log did not reproduce the live run (a logged call threw, or asked for unrecorded results). */
export class ReplayDivergedError extends RayxError {
  readonly name = "ReplayDivergedError";
  readonly code = "RAYX_REPLAY_DIVERGED";
  constructor(
    readonly actorId: string,
    readonly seq: number,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(
      `rebuilding actor '${actorId}' diverged at logged call ${seq}: ${detail}; actor methods ` +
        `must be deterministic, and calls to other actors must go through cell.record()`,
      options,
    );
  }
}

/** `cell.record()` was used where a recorded result cannot be attributed to one logged call. */
export class RecordOutsideCallError extends RayxError {
  readonly name = "RecordOutsideCallError";
  readonly code = "RAYX_RECORD_UNATTRIBUTABLE";
  constructor(readonly actorId: string) {
    super(
      `actor '${actorId}' recorded an outgoing call while several logged calls run at once ` +
        `(maxConcurrency > 1): set maxConcurrency to 1 for actors whose calls must replay`,
    );
  }
}

/** A supervisor or child spec is malformed; `path` names the offending field (e.g. `children[1].restart`). */
export class SupervisorSpecError extends RayxError {
  readonly name = "SupervisorSpecError";
  readonly code = "RAYX_SUPERVISOR_SPEC_INVALID";
  constructor(
    readonly path: string,
    problem: string,
    fix: string,
  ) {
    super(`invalid supervisor spec: ${path} ${problem}; ${fix}`);
  }
}

/** A child's start function threw or rejected (OTP's `failed_to_start_child`); `cause` is what it threw. */
export class ChildStartError extends RayxError {
  readonly name = "ChildStartError";
  readonly code = "RAYX_CHILD_START_FAILED";
  constructor(
    readonly supervisorId: string,
    readonly childId: string,
    cause: unknown,
  ) {
    super(
      `supervisor '${supervisorId}' could not start child '${childId}': ` +
        `${describeExitReason({ error: cause })}; fix the child's start function or its arguments`,
      { cause },
    );
  }
}

/** `startChild` with the id of a running child (OTP's `already_started`). */
export class ChildAlreadyStartedError extends RayxError {
  readonly name = "ChildAlreadyStartedError";
  readonly code = "RAYX_CHILD_ALREADY_STARTED";
  constructor(
    readonly supervisorId: string,
    readonly childId: string,
    readonly processId: string,
  ) {
    super(
      `supervisor '${supervisorId}' already runs child '${childId}' (process '${processId}'): ` +
        `use another id, or terminateChild and deleteChild it first`,
    );
  }
}

/** `startChild` with the id of a stopped child whose spec is still kept (OTP's `already_present`). */
export class ChildAlreadyPresentError extends RayxError {
  readonly name = "ChildAlreadyPresentError";
  readonly code = "RAYX_CHILD_ALREADY_PRESENT";
  constructor(
    readonly supervisorId: string,
    readonly childId: string,
  ) {
    super(
      `supervisor '${supervisorId}' already has a stopped child '${childId}': ` +
        `restartChild it, or deleteChild it before starting a new one`,
    );
  }
}

/** `restartChild`/`deleteChild` of a running child (OTP's `running`). */
export class ChildRunningError extends RayxError {
  readonly name = "ChildRunningError";
  readonly code = "RAYX_CHILD_RUNNING";
  constructor(
    readonly supervisorId: string,
    readonly childId: string,
  ) {
    super(`child '${childId}' of supervisor '${supervisorId}' is running: terminateChild it first`);
  }
}

/** `restartChild`/`deleteChild` of a child whose restart is pending or being retried (OTP's `restarting`). */
export class ChildRestartingError extends RayxError {
  readonly name = "ChildRestartingError";
  readonly code = "RAYX_CHILD_RESTARTING";
  constructor(
    readonly supervisorId: string,
    readonly childId: string,
  ) {
    super(
      `child '${childId}' of supervisor '${supervisorId}' is restarting: ` +
        `wait until it runs, or terminateChild it first`,
    );
  }
}

/** A child administration call named an id the supervisor does not have (OTP's `not_found`). */
export class ChildNotFoundError extends RayxError {
  readonly name = "ChildNotFoundError";
  readonly code = "RAYX_CHILD_NOT_FOUND";
  constructor(
    readonly supervisorId: string,
    readonly childId: string,
  ) {
    super(`supervisor '${supervisorId}' has no child '${childId}': see children() for its ids`);
  }
}

/**
 * A supervisor has shut down. When it gave up after too many restarts this error is
 * its exit reason (so its own supervisor sees a crash and escalation follows); calls
 * to a supervisor that has exited reject with it. `detail` completes "supervisor '<id>' …".
 */
export class SupervisorShutdownError extends RayxError {
  readonly name = "SupervisorShutdownError";
  readonly code = "RAYX_SUPERVISOR_SHUTDOWN";
  constructor(
    readonly supervisorId: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`supervisor '${supervisorId}' ${detail}`, options);
  }
}
