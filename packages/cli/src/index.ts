/**
 * @rayx/cli — the `rayx` command line: inspection of a cluster through its GCS
 * (`status`, `list`, `tree`, `inspect`, `history`, `memory`, `timeline`), over ws
 * (`--address`) or in the host's LMDB env (`--storage`); worker logs of this host
 * (`logs`); and `kill`/`restart` of actors through the head. The executable is `bin.ts`.
 */
export { runCli, type CliIo, type TextSink } from "./runCli.js";
export {
  ActorNotFoundError,
  CliUsageError,
  ClusterUnreachableError,
  LogsNotFoundError,
  OperationTimeoutError,
} from "./errors.js";
