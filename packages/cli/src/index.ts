/**
 * @rayx/cli — the `rayx` command line: inspection of a cluster through its GCS
 * (`status`, `list`, `tree`, `inspect`, `history`, `memory`, `timeline`), over ws
 * (`--address`) or in the host's LMDB env (`--storage`); worker logs of this host
 * (`logs`); `kill`/`restart` of actors through the head; and `start`/`stop` of node
 * daemons and `run` of driver scripts. The executable is `bin.ts`.
 */
export { runCli, type CliIo, type TextSink } from "./runCli.js";
export {
  ActorNotFoundError,
  CliUsageError,
  ClusterUnreachableError,
  LogsNotFoundError,
  NodeStartError,
  OperationTimeoutError,
  ScriptExitError,
} from "./errors.js";
