/**
 * @rayx/gcs — the Global Control Store: typed tables (nodes, jobs, actors, tasks,
 * objects, names, supervisors, lifecycle events), per-actor call logs and snapshots,
 * on LMDB shared by every process of a host, and served over ws to other hosts.
 */
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
} from "./errors.js";
export type { BatchOp, ScanRange, StoreEntry, TableStore, TableTxn } from "./TableStore.js";
export { openLmdbStore, type LmdbStoreOptions } from "./openLmdbStore.js";
export { findLmdbDamage, type LmdbCheckDepth } from "./findLmdbDamage.js";
export { createMemoryStore } from "./createMemoryStore.js";
export { Gcs, type GcsOptions } from "./Gcs.js";
export { GcsClient, type GcsClientOptions } from "./GcsClient.js";
export {
  handleGcsUpgrades,
  startGcsServer,
  type GcsServer,
  type GcsServerOptions,
  type GcsUpgradeHandler,
} from "./startGcsServer.js";
export { hasBearerToken } from "./hasBearerToken.js";
export { refuseUpgrade } from "./refuseUpgrade.js";
export { ConnectionGuard, type HelloWatch } from "./ConnectionGuard.js";
export { DEFAULT_LISTENER_LIMITS, listenerLimits, type ListenerLimits } from "./ListenerLimits.js";
export { closeWebSocket, WS_CLOSE } from "./closeWebSocket.js";
export type {
  EventQuery,
  GcsApi,
  GcsOperations,
  GcsTopic,
  GcsTopics,
  NameClaim,
  SpanQuery,
  Subscription,
} from "./GcsApi.js";
export {
  lifecycleStates,
  type ActorInfo,
  type CallLogEntry,
  type CallSpan,
  type JobInfo,
  type LifecycleEvent,
  type LifecycleState,
  type LoggedCall,
  type NameChange,
  type NamedActor,
  type NestedCall,
  type NodeInfo,
  type ObjectInfo,
  type OutgoingCall,
  type Snapshot,
  type SupervisorChildInfo,
  type SupervisorInfo,
  type TaskInfo,
} from "./records.js";
export {
  supervisionForest,
  type ActorLeaf,
  type SupervisionForest,
  type SupervisionNode,
  type SupervisorBranch,
} from "./supervisionForest.js";
