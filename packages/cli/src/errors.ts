/**
 * Errors of the `rayx` command line. A `CliUsageError` means the command line was
 * wrong (exit 2); the others mean the command could not do its work (exit 1).
 * Errors of the GCS (a corrupt record, a timeout) pass through unchanged.
 */
import { RayxError } from "@rayx/gcs";

/** The command line is wrong: a bad flag value, conflicting flags, a command not built yet. */
export class CliUsageError extends RayxError {
  readonly name = "CliUsageError";
  readonly code = "CLI_USAGE";
}

/** No cluster answered at any of the places the CLI looked; `tried` lists them. */
export class ClusterUnreachableError extends RayxError {
  readonly name = "ClusterUnreachableError";
  readonly code = "CLI_NO_CLUSTER";
  constructor(
    readonly tried: readonly string[],
    options?: ErrorOptions,
  ) {
    super(
      `no rayx cluster found; tried ${tried.join("; ")}. ` +
        `Start one (init({ storageDir }) in a driver), or point the CLI at it with ` +
        `--address ws://HOST:PORT (RAYX_ADDRESS) or --storage DIR (RAYX_STORAGE)`,
      options,
    );
  }
}

/** The actor (by id or name) the command was asked about is not in the GCS. */
export class ActorNotFoundError extends RayxError {
  readonly name = "ActorNotFoundError";
  readonly code = "CLI_ACTOR_NOT_FOUND";
  constructor(readonly actor: string) {
    super(`no actor has id or name '${actor}': see \`rayx list actors\` for the ones there are`);
  }
}

/** No log files of what `rayx logs` was asked about are on this host. */
export class LogsNotFoundError extends RayxError {
  readonly name = "LogsNotFoundError";
  readonly code = "CLI_LOGS_NOT_FOUND";
  constructor(
    readonly target: string,
    readonly storage: string,
  ) {
    super(
      `no log files of ${target} under ${storage}: logs stay on the host that ran the process; ` +
        `run \`rayx logs\` there, or point --storage at the node's storage dir`,
    );
  }
}

/**
 * What `rayx logs` was asked about ran on a node of another host (the GCS says which):
 * its log files are that host's. A local file of the same pid is another process's.
 */
export class LogsOnOtherHostError extends RayxError {
  readonly name = "LogsOnOtherHostError";
  readonly code = "CLI_LOGS_ON_OTHER_HOST";
  constructor(
    readonly target: string,
    readonly host: string,
  ) {
    super(`the log files of ${target} are on host ${host}, not this one: run \`rayx logs\` there`);
  }
}

/** What a command waited for did not happen in time (`--timeout-ms`). */
export class OperationTimeoutError extends RayxError {
  readonly name = "OperationTimeoutError";
  readonly code = "CLI_TIMEOUT";
  constructor(
    readonly waitedFor: string,
    readonly timeoutMs: number,
  ) {
    super(
      `timed out after ${timeoutMs} ms waiting for ${waitedFor}: ` +
        "see `rayx inspect` and `rayx logs` for why, or wait longer with --timeout-ms",
    );
  }
}

/** `rayx start`: the node daemon failed, or did not report ready in time. */
export class NodeStartError extends RayxError {
  readonly name = "NodeStartError";
  readonly code = "CLI_NODE_START";
  constructor(
    readonly role: "head" | "node",
    reason: string,
    readonly logFile: string,
    logTail: string,
  ) {
    super(
      `the ${role} node did not start: ${reason}` +
        (logTail === ""
          ? ` (its log: ${logFile})`
          : `; the end of its log (${logFile}):\n${logTail}`),
    );
  }
}

/** `rayx run`: the driver script exited with a code other than 0 (the CLI exits with it). */
export class ScriptExitError extends RayxError {
  readonly name = "ScriptExitError";
  readonly code = "CLI_SCRIPT_EXIT";
  constructor(
    readonly script: string,
    readonly exitCode: number,
  ) {
    super(`${script} exited with code ${exitCode}`);
  }
}
