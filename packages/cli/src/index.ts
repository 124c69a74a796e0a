/**
 * @rayx/cli — the `rayx` command line: read-only inspection of a cluster through its
 * GCS (`status`, `list`, `tree`, `inspect`, `history`, `memory`, `timeline`), over ws
 * (`--address`) or in the host's LMDB env (`--storage`). The executable is `bin.ts`.
 */
export { runCli, type CliIo, type TextSink } from "./runCli.js";
export {
  ActorNotFoundError,
  CliUsageError,
  ClusterUnreachableError,
  LogsNotFoundError,
} from "./errors.js";
