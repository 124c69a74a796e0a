/**
 * Errors of `@rayx/core`'s process and transport layer. Each is a `RayxError` with a
 * literal `name` and a stable `code`, and a message that says what to do next.
 * The runtime's user-facing errors follow; the ones other packages define
 * (`ActorDiedError`, `MailboxFullError`, `SupervisorShutdownError`, `ObjectLostError`)
 * are re-exported from `index.ts`, not redefined.
 */
import { RayxError } from "@rayx/gcs";

/** A frame could not be decoded; the connection that sent it is closed. */
export class MalformedFrameError extends RayxError {
  readonly name = "MalformedFrameError";
  readonly code = "CORE_MALFORMED_FRAME";
  constructor(
    readonly peer: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(
      `malformed frame from ${peer}: ${reason}; the connection was closed ` +
        `(is the peer a rayx process of the same version?)`,
      options,
    );
  }
}

/** A frame's length prefix (or a frame to send) is above the channel's `maxFrameBytes`. */
export class FrameTooLargeError extends RayxError {
  readonly name = "FrameTooLargeError";
  readonly code = "CORE_FRAME_TOO_LARGE";
  constructor(
    readonly peer: string,
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(
      `frame of ${bytes} bytes from/to ${peer} is above the limit of ${maxBytes} bytes: ` +
        `put large values in the object store and send their ref, or raise maxFrameBytes`,
    );
  }
}

/**
 * A peer sent part of a frame and then nothing for the channel's `stallTimeoutMs`:
 * its connection is closed and the bytes held for the frame are let go.
 */
export class FrameStalledError extends RayxError {
  readonly name = "FrameStalledError";
  readonly code = "CORE_FRAME_STALLED";
  constructor(
    readonly peer: string,
    readonly heldBytes: number,
    readonly stallMs: number,
  ) {
    super(
      `a frame from ${peer} stalled: ${heldBytes} bytes of it came, then nothing for ${stallMs} ms; ` +
        `the connection was closed (send whole frames, or raise RAYX_FRAME_STALL_MS)`,
    );
  }
}

/** A frame was sent on, or a reply awaited from, a channel that is closed. */
export class ChannelClosedError extends RayxError {
  readonly name = "ChannelClosedError";
  readonly code = "CORE_CHANNEL_CLOSED";
  constructor(peer: string, options?: ErrorOptions) {
    super(`the channel to ${peer} is closed`, options);
  }
}

/** A Unix socket path that the OS cannot bind (too long), or a session dir that is unusable. */
export class TransportPathError extends RayxError {
  readonly name = "TransportPathError";
  readonly code = "CORE_TRANSPORT_PATH";
}

/** A worker process did not come up: it exited, spoke another protocol, or did not say hello in time. */
export class WorkerStartError extends RayxError {
  readonly name = "WorkerStartError";
  readonly code = "CORE_WORKER_START";
}

/** A user module could not be imported in a worker. */
export class ModuleLoadError extends RayxError {
  readonly name = "ModuleLoadError";
  readonly code = "CORE_MODULE_LOAD";
  constructor(
    readonly module: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`cannot import ${module} in a worker: ${reason}`, options);
  }
}

/** A user module has no export of the wanted name. */
export class ExportNotFoundError extends RayxError {
  readonly name = "ExportNotFoundError";
  readonly code = "CORE_EXPORT_NOT_FOUND";
  constructor(
    readonly module: string,
    readonly exportName: string,
    available: readonly string[],
  ) {
    super(
      `${module} has no export named '${exportName}' (it exports: ${available.join(", ") || "nothing"}); ` +
        `actors and tasks must be exported from the module that defines them`,
    );
  }
}

/** A user module's export is not what was expected (a function or a class). */
export class ExportKindError extends RayxError {
  readonly name = "ExportKindError";
  readonly code = "CORE_EXPORT_KIND";
  constructor(
    readonly module: string,
    readonly exportName: string,
    actual: string,
  ) {
    super(
      `export '${exportName}' of ${module} is ${actual}, not a function or class: ` +
        `only functions (tasks) and classes (actors) can run on workers`,
    );
  }
}

/** The module that defines an actor or task could not be found from the call stack. */
export class CallSiteError extends RayxError {
  readonly name = "CallSiteError";
  readonly code = "CORE_CALL_SITE";
  constructor(reason: string) {
    super(
      `cannot tell which module defines this actor or task (${reason}); ` +
        `pass it explicitly: { module: import.meta.url }`,
    );
  }
}

/**
 * A task or actor method failed. `cause` is the error it threw, rebuilt with its
 * remote name, message and stack; a failed dependency surfaces as the same error.
 */
export class TaskError extends RayxError {
  readonly name = "TaskError";
  readonly code = "RAYX_TASK_FAILED";
  constructor(
    readonly what: string,
    cause: Error,
  ) {
    super(`${what} failed: ${cause.name}: ${cause.message}`, { cause });
  }
}

/**
 * An actor call whose outcome nobody can tell: it was in flight when its actor ended
 * for good, or it was applied but its result was too large to keep in the call log.
 * The actor's state may hold it or not (unlike `ActorDiedError`, which means it does
 * not): look before sending it again, since a call sent again is a new call.
 */
export class CallOutcomeUnknownError extends RayxError {
  readonly name = "CallOutcomeUnknownError";
  readonly code = "RAYX_CALL_OUTCOME_UNKNOWN";
  constructor(
    readonly actorId: string,
    readonly method: string,
    why: string,
    options?: ErrorOptions,
  ) {
    super(
      `the call ${method} to actor '${actorId}' may or may not have been applied: ${why}; ` +
        `check the actor's state (\`rayx history ${actorId}\`) before sending it again`,
      options,
    );
  }
}

/**
 * A redelivered call that ran out of retries was not in the rebuilt actor's log: it
 * was never applied. Goes from a worker to the node manager, which tells the caller
 * with an `ActorDiedError`.
 */
export class CallNotAppliedError extends RayxError {
  readonly name = "CallNotAppliedError";
  readonly code = "RAYX_CALL_NOT_APPLIED";
  constructor(actorId: string, method: string) {
    super(`the call ${method} is not in the log of actor '${actorId}': it was never applied`);
  }
}

/** `getActor` found no actor of that name. */
export class ActorNotFoundError extends RayxError {
  readonly name = "ActorNotFoundError";
  readonly code = "RAYX_ACTOR_NOT_FOUND";
  constructor(
    readonly actorName: string,
    readonly namespace: string,
  ) {
    super(
      `no actor named '${actorName}' in namespace '${namespace}': spawn it with ` +
        `{ name: '${actorName}' } first, or check the namespace`,
    );
  }
}

/** `spawn` with a `name` another live actor of the namespace already has. */
export class ActorNameTakenError extends RayxError {
  readonly name = "ActorNameTakenError";
  readonly code = "RAYX_ACTOR_NAME_TAKEN";
  constructor(
    readonly actorName: string,
    readonly namespace: string,
    readonly actorId: string,
  ) {
    super(
      `the name '${actorName}' in namespace '${namespace}' is taken by actor ${actorId}: ` +
        `use getActor('${actorName}'), pass { getIfExists: true }, or choose another name`,
    );
  }
}

/** `get` waited longer than its `timeoutMs`; the object may still arrive later. */
export class GetTimeoutError extends RayxError {
  readonly name = "GetTimeoutError";
  readonly code = "RAYX_GET_TIMEOUT";
  constructor(
    readonly objectId: string,
    readonly timeoutMs: number,
  ) {
    super(
      `object ${objectId} was not ready within ${timeoutMs} ms: raise timeoutMs, ` +
        `or use wait() to poll without failing`,
    );
  }
}

/** The task that produces this object was cancelled. */
export class TaskCancelledError extends RayxError {
  readonly name = "TaskCancelledError";
  readonly code = "RAYX_TASK_CANCELLED";
  constructor(readonly objectId: string) {
    super(`the task producing object ${objectId} was cancelled`);
  }
}

/** An API call before `init()`, or a second `init()` with other options. */
export class RuntimeStateError extends RayxError {
  readonly name = "RuntimeStateError";
  readonly code = "RAYX_RUNTIME_STATE";
}

/** Bad input to the API: what was wrong and what to do instead. */
export class InvalidArgumentError extends RayxError {
  readonly name = "InvalidArgumentError";
  readonly code = "RAYX_INVALID_ARGUMENT";
}

/** A worker process died while running a task or hosting an actor. */
export class WorkerDiedError extends RayxError {
  readonly name = "WorkerDiedError";
  readonly code = "RAYX_WORKER_DIED";
}

/** No node can ever satisfy the resources a task or actor asks for. */
export class InfeasibleResourcesError extends RayxError {
  readonly name = "InfeasibleResourcesError";
  readonly code = "RAYX_INFEASIBLE_RESOURCES";
}

/** A node could not join the head (unreachable, token refused, no welcome), or lost it. */
export class NodeJoinError extends RayxError {
  readonly name = "NodeJoinError";
  readonly code = "RAYX_NODE_JOIN";
}

/** A driver could not join the head at an address (unreachable, token refused), or lost it. */
export class ClusterConnectionError extends RayxError {
  readonly name = "ClusterConnectionError";
  readonly code = "RAYX_CLUSTER_CONNECTION";
  constructor(
    readonly address: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`cannot use the rayx head at ${address}: ${reason}`, options);
  }
}

/**
 * A driver's call was in flight when its connection to the head dropped (the head
 * crashed or was killed): no reply will come, and the call may or may not have run.
 * The driver reconnects by itself; calls made meanwhile wait for the head to be back.
 */
export class HeadConnectionLostError extends RayxError {
  readonly name = "HeadConnectionLostError";
  readonly code = "RAYX_HEAD_CONNECTION_LOST";
  constructor(
    readonly address: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(
      `the connection to the rayx head at ${address} was lost while this call was in flight ` +
        `(${reason}): it may or may not have been applied; this driver reconnects by itself, ` +
        "and calls made from now on wait for the head to be back (retry this one if it is safe to)",
      options,
    );
  }
}
