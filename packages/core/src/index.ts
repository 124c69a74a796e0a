/**
 * @rayx/core — the rayx runtime and its public API: `init()` starts an embedded
 * cluster (node manager in the driver, worker processes, GCS and object store under
 * a session dir); `spawn` starts supervised actors that come back with their state
 * after a crash (call log + replay); `task` runs functions on workers; `put/get/wait/
 * cancel` handle objects. The process and transport layer is `@rayx/core/transport`.
 */
export { isDriver } from "./isDriver.js";
export { main } from "./main.js";
export { init, shutdown } from "./init.js";
export type { InitOptions, Runtime } from "./init.js";
export { actor } from "./actor.js";
export type { CoreActorOptions } from "./actor.js";
export { readonly } from "@rayx/actors";
export type { ActorOptions } from "@rayx/actors";
export { spawn } from "./spawn.js";
export type { SpawnArgs, SpawnOptions } from "./spawn.js";
export type { ActorArgs, ActorClass } from "./ActorClass.js";
export { task } from "./task.js";
export type { RemoteArgs, RemoteFunction, TaskOptions } from "./task.js";
export { ObjectRef } from "./ObjectRef.js";
export type { ActorHandle } from "./ActorHandle.js";
export { cancel, get, put, wait } from "./objects.js";
export type { CancelOptions, GetOptions, WaitOptions } from "./objects.js";
export { context, getActor, inspect, kill, state } from "./actors.js";
export type { ActorContext } from "./actors.js";
export type { ActorInfo } from "./internal/clusterClient.js";
// Every error class a user of rayx can catch, whichever package defines it.
export {
  CorruptRecordError,
  GcsArgumentError,
  GcsConnectionError,
  GcsProtocolError,
  GcsRemoteError,
  GcsTimeoutError,
  RayxError,
  RecordVersionError,
  StorageDamagedError,
  StorageFullError,
  StoreClosedError,
  StoreReadOnlyError,
} from "@rayx/gcs";
export {
  ActorDiedError,
  ChildAlreadyPresentError,
  ChildAlreadyStartedError,
  ChildNotFoundError,
  ChildRestartingError,
  ChildRunningError,
  ChildStartError,
  IllegalTransitionError,
  InvalidActorOptionsError,
  MailboxFullError,
  NotAnActorError,
  RecordOutsideCallError,
  ReplayDivergedError,
  SupervisorShutdownError,
  SupervisorSpecError,
  UnknownMethodError,
} from "@rayx/actors";
export {
  InvalidObjectIdError,
  InvalidObjectStoreOptionError,
  ObjectCorruptError,
  ObjectLostError,
  ObjectStoreDamagedError,
  ObjectStoreFullError,
  ObjectTransferError,
  SerializationError,
} from "@rayx/objectstore";
export {
  ActorNameTakenError,
  ActorNotFoundError,
  CallNotAppliedError,
  CallOutcomeUnknownError,
  ClusterConnectionError,
  HeadConnectionLostError,
  CallSiteError,
  ChannelClosedError,
  ExportKindError,
  ExportNotFoundError,
  FrameStalledError,
  FrameTooLargeError,
  GetTimeoutError,
  InfeasibleResourcesError,
  InvalidArgumentError,
  MalformedFrameError,
  ModuleLoadError,
  NodeJoinError,
  RuntimeStateError,
  TaskCancelledError,
  TaskError,
  TransportPathError,
  WorkerDiedError,
  WorkerStartError,
} from "./errors.js";
export { supervise } from "./supervise.js";
export type {
  ActorChildSpec,
  SuperviseChildSpec,
  SuperviseSpec,
  SupervisorChildSpec,
  SupervisorHandle,
} from "./supervise.js";
