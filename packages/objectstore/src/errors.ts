/**
 * Errors of the object store. Each is a `RayxError` with a literal `name` and a
 * stable `code`, so `@rayx/core` can re-export them and carry them across the wire.
 * Messages name the object (or the value path) and say what to do next.
 */
import { RayxError } from "@rayx/gcs";
import { dirname } from "node:path";

/** The object no longer exists on this node, nor (for a pull) on any node that listed it. */
export class ObjectLostError extends RayxError {
  override readonly name = "ObjectLostError";
  readonly code = "OBJECT_LOST";
  constructor(
    readonly objectId: string,
    detail: string,
    options?: ObjectLostOptions,
  ) {
    super(`object ${objectId} is lost: ${detail}; ${options?.remedy ?? LOST_REMEDY}`, options);
  }
}

/** What an `ObjectLostError` tells the reader to do, when the store's default does not fit. */
export interface ObjectLostOptions extends ErrorOptions {
  /**
   * The message's last clause; defaults to rebuilding the object from its lineage or
   * putting it again (the store does not know how the object was made; its owner does).
   */
  readonly remedy?: string;
}

const LOST_REMEDY = "rebuild it from lineage (run the task that made it again) or put it again";

/** A put needs more room than the store has, and no unpinned object is left to spill. */
export class ObjectStoreFullError extends RayxError {
  override readonly name = "ObjectStoreFullError";
  readonly code = "OBJECT_STORE_FULL";
  constructor(
    readonly requestedBytes: number,
    readonly capacityBytes: number,
    readonly pinnedBytes: number,
  ) {
    super(
      `object store is full: ${requestedBytes} bytes requested, capacity ${capacityBytes} bytes, ` +
        `${pinnedBytes} bytes pinned by values in use (nothing left to spill); ` +
        `drop references to large values you no longer need, or raise objectStoreMemory`,
    );
  }
}

/** A stored entry (record, segment or spill file) does not have the layout this version writes. */
export class ObjectCorruptError extends RayxError {
  override readonly name = "ObjectCorruptError";
  readonly code = "OBJECT_CORRUPT";
  constructor(
    readonly objectId: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(
      `object ${objectId} is corrupt: ${detail}; delete it and put the value again (or rebuild it from lineage)`,
      options,
    );
  }
}

/** The node's object-store file failed the check made before it is mapped. */
export class ObjectStoreDamagedError extends RayxError {
  override readonly name = "ObjectStoreDamagedError";
  readonly code = "OBJECT_STORE_DAMAGED";
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(
      `object store file ${file} is damaged: ${problem}. The object store is a cache: stop the ` +
        `node, remove ${dirname(file)} and start the node again (objects with lineage are rebuilt)`,
    );
  }
}

/** A value (or a part of it, at `path`) cannot be serialized. */
export class SerializationError extends RayxError {
  override readonly name = "SerializationError";
  readonly code = "SERIALIZATION_FAILED";
  constructor(
    readonly path: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`cannot serialize ${path}: ${problem}; ${fix}`);
  }
}

/** A string given as an object id is not one (ids are 40 lowercase hex characters). */
export class InvalidObjectIdError extends RayxError {
  override readonly name = "InvalidObjectIdError";
  readonly code = "INVALID_OBJECT_ID";
  constructor(readonly value: unknown) {
    super(
      `${describe(value)} is not an object id: expected 40 lowercase hex characters ` +
        `(as returned by put); pass the id you got from the store`,
    );
  }
}

/** An option of the store or of the transfer server is invalid. */
export class InvalidObjectStoreOptionError extends RayxError {
  override readonly name = "InvalidObjectStoreOptionError";
  readonly code = "INVALID_OBJECT_STORE_OPTION";
  constructor(option: string, problem: string) {
    super(`object store option ${option}: ${problem}`);
  }
}

/** A pull from another node failed for a reason other than the object being gone. */
export class ObjectTransferError extends RayxError {
  override readonly name = "ObjectTransferError";
  readonly code = "OBJECT_TRANSFER_FAILED";
  constructor(
    readonly objectId: string,
    readonly address: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`pulling object ${objectId} from ${address} failed: ${detail}`, options);
  }
}

function describe(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  return typeof value;
}
