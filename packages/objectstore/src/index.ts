/**
 * `@rayx/objectstore`: the per-node object store. Values are serialized with a
 * structured-clone-compatible codec into one LMDB env on memory-backed pages that
 * every process of the node opens; typed arrays are stored as raw bytes and large
 * ones read back as zero-copy views. Reference counting, spilling to disk and
 * pulling objects from other nodes over ws are here too.
 */
export {
  ObjectCorruptError,
  ObjectLostError,
  ObjectStoreDamagedError,
  ObjectStoreFullError,
  ObjectTransferError,
  InvalidObjectIdError,
  InvalidObjectStoreOptionError,
  SerializationError,
  type ObjectLostOptions,
} from "./errors.js";
export { assertObjectId, isObjectId, newObjectId, type ObjectId } from "./ObjectId.js";
export { RefCodecRegistry, type RefCodec, type RefCodecFor } from "./RefCodecRegistry.js";
export {
  openObjectStore,
  type GetOptions,
  type ObjectStore,
  type ObjectStoreOptions,
  type ObjectStoreStats,
  type PutOptions,
} from "./ObjectStore.js";
export type { ObjectDirectory, ObjectLocation } from "./ObjectDirectory.js";
export {
  startObjectTransferServer,
  type ObjectTransferServer,
  type ObjectTransferServerOptions,
} from "./ObjectTransferServer.js";
export { pullObject, type PullOptions } from "./pullObject.js";
export {
  deserialize,
  serialize,
  type SerializedValue,
  type SerializeOptions,
} from "./serialize.js";
