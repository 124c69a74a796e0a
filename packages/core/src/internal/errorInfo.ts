/**
 * Errors crossing processes: a thrown value becomes an `ErrorInfo` (name, code,
 * message, remote stack, cause chain) on the side that caught it, and an `Error`
 * carrying the same fields on the side that receives it — an instance of the
 * public rayx error class of that name when there is one, so `instanceof` works in
 * a driver joined over ws as in an embedded one (their other fields stay behind).
 */
import { inspect } from "node:util";
import { ActorDiedError, MailboxFullError, SupervisorShutdownError } from "@rayx/actors";
import { ObjectLostError, SerializationError } from "@rayx/objectstore";
import {
  ActorNameTakenError,
  ActorNotFoundError,
  CallOutcomeUnknownError,
  GetTimeoutError,
  InfeasibleResourcesError,
  InvalidArgumentError,
  RuntimeStateError,
  TaskCancelledError,
  TaskError,
  WorkerDiedError,
} from "../errors.js";
import type { ErrorInfo } from "./Frame.js";

/** Cause chains are cut here, so a cyclic `cause` cannot loop. */
const MAX_CAUSE_DEPTH = 8;

/** What crosses the wire for `thrown`; non-Error values are described by their string form. */
export function errorInfoOf(thrown: unknown, depth = 0): ErrorInfo {
  if (!(thrown instanceof Error)) {
    return {
      name: "Error",
      code: "",
      message: `non-Error thrown: ${inspect(thrown, { depth: 2 })}`,
      stack: "",
    };
  }
  const code = (thrown as { code?: unknown }).code;
  const cause = depth < MAX_CAUSE_DEPTH && thrown.cause !== undefined ? thrown.cause : undefined;
  return {
    name: thrown.name,
    code: typeof code === "string" ? code : "",
    message: thrown.message,
    stack: thrown.stack ?? "",
    ...(cause === undefined ? {} : { cause: errorInfoOf(cause, depth + 1) }),
  };
}

/** An error that was thrown in another process, rebuilt from its `ErrorInfo`. */
export interface RemoteError extends Error {
  /** The remote error's `code`, `""` when it had none. */
  readonly code: string;
}

/** The public error classes a user may test with `instanceof`, by name. */
const publicErrors = new Map<string, object>(
  [
    ActorDiedError,
    ActorNameTakenError,
    ActorNotFoundError,
    CallOutcomeUnknownError,
    GetTimeoutError,
    InfeasibleResourcesError,
    InvalidArgumentError,
    MailboxFullError,
    ObjectLostError,
    RuntimeStateError,
    SerializationError,
    SupervisorShutdownError,
    TaskCancelledError,
    TaskError,
    WorkerDiedError,
  ].map((type) => [type.name, type.prototype as object]),
);

/** Rebuilds an `Error` with the remote name, message, stack, code and cause chain. */
export function errorFromInfo(info: ErrorInfo): RemoteError {
  const type = publicErrors.get(info.name);
  const error = (type === undefined ? new Error() : Object.create(type)) as Error;
  const field = (key: string, value: unknown) =>
    Object.defineProperty(error, key, { value, configurable: true, writable: true });
  field("message", info.message);
  field("name", info.name);
  field("code", info.code);
  if (info.stack !== "") field("stack", info.stack);
  else if (type !== undefined) field("stack", `${info.name}: ${info.message}`);
  if (info.cause !== undefined) field("cause", errorFromInfo(info.cause));
  return error as RemoteError;
}
