/**
 * Errors crossing processes: a thrown value becomes an `ErrorInfo` (name, code,
 * message, remote stack, cause chain) on the side that caught it, and an `Error`
 * carrying the same fields on the side that receives it. `TaskError` (issue 5) will
 * wrap the received error as its `cause`.
 */
import { inspect } from "node:util";
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

/** Rebuilds an `Error` with the remote name, message, stack, code and cause chain. */
export function errorFromInfo(info: ErrorInfo): RemoteError {
  const error = new Error(
    info.message,
    info.cause === undefined ? undefined : { cause: errorFromInfo(info.cause) },
  );
  Object.defineProperty(error, "name", { value: info.name, configurable: true, writable: true });
  if (info.stack !== "") error.stack = info.stack;
  return Object.assign(error, { code: info.code });
}
