/**
 * @rayx/core — the rayx runtime and its public API. So far: telling the driver from
 * a worker (`isDriver`, `main`) and the errors of the process and transport layer.
 * `init()`, `spawn`, `task`, `get/put/wait` (issue 5) build on the internal layer:
 * `WorkerPool` forks workers that connect back over a Unix-socket `Transport`
 * carrying protobuf `Frame`s (`proto/rayx/v1/core.proto`, converted only in
 * `internal/frameCodec.ts`); `callSiteModule` finds the module that defines an actor
 * or task, `loadExport` imports it in a worker. See `src/transport.ts` for that layer.
 */
export { isDriver } from "./isDriver.js";
export { main } from "./main.js";
export {
  CallSiteError,
  ChannelClosedError,
  ExportKindError,
  ExportNotFoundError,
  FrameTooLargeError,
  MalformedFrameError,
  ModuleLoadError,
  TransportPathError,
  WorkerStartError,
} from "./errors.js";
