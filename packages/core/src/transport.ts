/**
 * @rayx/core/transport — the process and transport layer under the runtime, published
 * as one deliberate entry for the runtime's own wiring and for benchmarks; it is not
 * the user API and may change with it.
 *
 * How the pieces fit (the node manager of `init()` is meant to be built on this):
 * - `WorkerPool.start()` makes a 0700 session dir, listens on `node.sock` in it
 *   (`Transport`, 0600), and forks workers with the driver's `execArgv`; each runs
 *   `workerMain`, connects back, and sends `hello`. `pool.call()` runs a function on a
 *   worker; `onFrame`/`send` carry every other frame; `onExit` reports deaths;
 *   `replace()` starts a successor; `shutdown()` stops all and removes the socket.
 * - Frames are the domain union `Frame`; `frameCodec` is the only bridge to the wire
 *   (`proto/rayx/v1/core.proto`); `FrameChannel` moves them, batching each event
 *   turn's frames into one write; `RequestTable` pairs requests with replies.
 * - Values inside frames are opaque bytes (`valueCodec` until the object store's
 *   serializer); errors cross as `ErrorInfo` (`errorInfoOf` / `errorFromInfo`).
 * - `callSiteModule()` (driver side) names the module that defines an actor or task;
 *   `loadExport()` (worker side) imports it and takes the export.
 */
export { WorkerPool } from "./internal/WorkerPool.js";
export type {
  WorkerCall,
  WorkerExit,
  WorkerInfo,
  WorkerPoolOptions,
  WorkerState,
} from "./internal/WorkerPool.js";
export { Transport } from "./internal/Transport.js";
export { DEFAULT_MAX_FRAME_BYTES, FrameChannel } from "./internal/FrameChannel.js";
export type { FrameChannelOptions, FrameCodec } from "./internal/FrameChannel.js";
export { decodeFrame, encodeFrame, frameCodec } from "./internal/frameCodec.js";
export { PROTOCOL_VERSION } from "./internal/Frame.js";
export type * from "./internal/Frame.js";
export { RequestTable } from "./internal/RequestTable.js";
export { valueCodec } from "./internal/valueCodec.js";
export { errorFromInfo, errorInfoOf } from "./internal/errorInfo.js";
export type { RemoteError } from "./internal/errorInfo.js";
export { callSiteModule } from "./internal/callSiteModule.js";
export { loadExport } from "./internal/loadExport.js";
