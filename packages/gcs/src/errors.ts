/**
 * Errors of the control store, and `RayxError`, the base of every rayx error.
 * The base lives here because `@rayx/gcs` is the bottom of the dependency graph;
 * every package's `errors.ts` extends it, and `@rayx/core` re-exports them all.
 */

/** The base of every error rayx throws on purpose. `code` is stable across versions. */
export abstract class RayxError extends Error {
  abstract override readonly name: string;
  abstract readonly code: string;

  /** The same literal as `name`, under the key Effect's `catchTag` and `Match.tag` read. */
  get _tag(): this["name"] {
    return this.name;
  }
}

/** A stored or received record was written by a newer rayx (higher schema version). */
export class RecordVersionError extends RayxError {
  readonly name = "RecordVersionError";
  readonly code = "GCS_RECORD_VERSION";
  constructor(
    readonly where: string,
    readonly version: number,
    readonly supported: number,
  ) {
    super(
      `${where} has schema version ${version}, but this rayx reads versions up to ${supported}: ` +
        `upgrade @rayx/gcs on this host (the record was written by a newer rayx)`,
    );
  }
}

/** A stored or received record cannot be decoded: truncated, garbage, or an unknown enum value. */
export class CorruptRecordError extends RayxError {
  readonly name = "CorruptRecordError";
  readonly code = "GCS_CORRUPT_RECORD";
  constructor(
    readonly where: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`${where} is corrupt: ${reason}`, options);
  }
}

/** An argument given to a GCS operation is not valid (empty id, NUL byte in an id, bad range). */
export class GcsArgumentError extends RayxError {
  readonly name = "GcsArgumentError";
  readonly code = "GCS_BAD_ARGUMENT";
}

/** The LMDB environment could not grow (disk or address space full) or refused a write. */
export class StorageFullError extends RayxError {
  readonly name = "StorageFullError";
  readonly code = "GCS_STORAGE_FULL";
  constructor(path: string, options?: ErrorOptions) {
    super(
      `the control store at ${path} is full: free disk space under that directory ` +
        `(or point storageDir at a larger disk) and retry`,
      options,
    );
  }
}

/**
 * An LMDB file failed the checks made before it is opened (its meta pages, or every
 * page the CLI reads): opening it could crash the process, so it is not opened.
 */
export class StorageDamagedError extends RayxError {
  readonly name = "StorageDamagedError";
  readonly code = "GCS_STORAGE_DAMAGED";
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(
      `GCS file ${file} is damaged: ${problem}. Move its storage dir aside (or restore it from a ` +
        `copy); \`rayx --storage <new dir> start --head\` or init({ storageDir: <new dir> }) starts fresh`,
    );
  }
}

/** The store was used after `close()`. */
export class StoreClosedError extends RayxError {
  readonly name = "StoreClosedError";
  readonly code = "GCS_STORE_CLOSED";
  constructor(path: string) {
    super(`the control store at ${path} is closed: open it again before using it`);
  }
}

/** A write to a store opened `readOnly` (the CLI's inspection commands open it so). */
export class StoreReadOnlyError extends RayxError {
  readonly name = "StoreReadOnlyError";
  readonly code = "GCS_STORE_READ_ONLY";
  constructor(path: string) {
    super(`the control store at ${path} is open read-only: open it without readOnly to write`);
  }
}

/** A GCS request over ws did not get its response in time. */
export class GcsTimeoutError extends RayxError {
  readonly name = "GcsTimeoutError";
  readonly code = "GCS_TIMEOUT";
  constructor(method: string, timeoutMs: number) {
    super(
      `GCS request '${method}' got no response within ${timeoutMs} ms: ` +
        `check that the GCS service is running and reachable, or raise timeoutMs`,
    );
  }
}

/** The ws connection to the GCS service failed, was refused, or closed. */
export class GcsConnectionError extends RayxError {
  readonly name = "GcsConnectionError";
  readonly code = "GCS_CONNECTION";
}

/**
 * The peer broke the protocol: a malformed frame, an unknown method, an oversized
 * message or a missing/wrong token. Sent by the server as an error response.
 */
export class GcsProtocolError extends RayxError {
  readonly name = "GcsProtocolError";
  constructor(
    readonly code:
      "GCS_MALFORMED_FRAME" | "GCS_UNKNOWN_METHOD" | "GCS_PAYLOAD_TOO_LARGE" | "GCS_UNAUTHORIZED",
    message: string,
  ) {
    super(message);
  }
}

/**
 * An operation failed inside the GCS service; `remoteName`, `code` and `remoteStack`
 * are the server-side error's (e.g. `RecordVersionError`, `GCS_RECORD_VERSION`).
 */
export class GcsRemoteError extends RayxError {
  readonly name = "GcsRemoteError";
  constructor(
    readonly code: string,
    readonly remoteName: string,
    message: string,
    readonly remoteStack: string,
  ) {
    super(message);
  }
}
