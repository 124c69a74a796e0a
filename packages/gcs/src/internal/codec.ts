/**
 * The one place that converts between wire messages (`proto/rayx/v1`, loaded by
 * reflection from the generated descriptor) and domain records. Every stored or
 * sent record is one schema-version byte followed by its protobuf message; a reader
 * refuses a version above its own (`RecordVersionError`) rather than misread it.
 */
import protobuf from "protobufjs";
import { CorruptRecordError, GcsArgumentError, RecordVersionError } from "../errors.js";
import type { GcsTopic, GcsTopics } from "../GcsApi.js";
import { descriptor } from "../gen/descriptor.js";
import type { rayx } from "../gen/types.js";
import {
  lifecycleStates,
  type ActorInfo,
  type CallLogEntry,
  type CallSpan,
  type JobInfo,
  type LifecycleEvent,
  type LoggedCall,
  type NameChange,
  type NamedActor,
  type NodeInfo,
  type ObjectInfo,
  type Snapshot,
  type SupervisorInfo,
  type TaskInfo,
} from "../records.js";

/** The schema version this build writes and the highest it reads. */
export const SCHEMA_VERSION = 1;

const root = protobuf.Root.fromJSON(descriptor);
const wireType = (name: string) => root.lookupType(`rayx.v1.${name}`);

/** Bytes ↔ value, for one type. `where` names the record in errors ("actors/a1"). */
export interface Codec<T> {
  encode(value: T): Uint8Array;
  decode(bytes: Uint8Array, where?: string): T;
}

/** Reads the version byte and positions a reader after it. */
function openEnvelope(bytes: Uint8Array, where: string): protobuf.Reader {
  const version = bytes[0];
  if (version === undefined || version === 0) {
    throw new CorruptRecordError(where, "no schema version byte");
  }
  if (version > SCHEMA_VERSION) throw new RecordVersionError(where, version, SCHEMA_VERSION);
  const reader = protobuf.Reader.create(bytes);
  reader.pos = 1;
  return reader;
}

function sealEnvelope(type: protobuf.Type, message: object): Uint8Array {
  const writer = protobuf.Writer.create().uint32(SCHEMA_VERSION);
  return type.encode(message, writer).finish();
}

function decodeWith<T>(where: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof CorruptRecordError || error instanceof RecordVersionError) throw error;
    throw new CorruptRecordError(where, (error as Error).message, { cause: error });
  }
}

/** Checks a string field against the values this version knows: the problem, if any. */
function oneOf(field: string, allowed: readonly string[], value: string): string | undefined {
  return allowed.includes(value)
    ? undefined
    : `unknown ${field} '${value}' (known: ${allowed.join(", ")})`;
}

/**
 * A codec for a record whose domain shape is its message's shape (camelCase fields;
 * absent optional fields omitted). `check` names a problem with enum-like strings:
 * refused as bad input when writing, as corrupt (or newer) data when reading.
 */
export function recordCodec<T extends object>(
  name: string,
  check: (value: T) => string | undefined = () => undefined,
): Codec<T> {
  const type = wireType(name);
  const options = { defaults: true, arrays: true, objects: true };
  return {
    encode: (value) => {
      const problem = check(value);
      if (problem !== undefined) throw new GcsArgumentError(`cannot store a ${name}: ${problem}`);
      return sealEnvelope(type, value);
    },
    decode: (bytes, where = name) =>
      decodeWith(where, () => {
        const value = type.toObject(type.decode(openEnvelope(bytes, where)), options) as T;
        const problem = check(value);
        if (problem !== undefined) {
          throw new CorruptRecordError(where, `${problem}; written by a newer rayx?`);
        }
        return value;
      }),
  };
}

export const nodeCodec = recordCodec<NodeInfo>("NodeRecord", (v) =>
  oneOf("node state", ["alive", "dead"], v.state),
);
export const jobCodec = recordCodec<JobInfo>("JobRecord", (v) =>
  oneOf("job state", ["running", "succeeded", "failed", "stopped"], v.state),
);

/** `max_restarts` on the wire for "no limit" (`Infinity`): uint32's largest value. */
const UNLIMITED_RESTARTS = 0xffff_ffff;

const actorRecordCodec = recordCodec<ActorInfo>(
  "ActorRecord",
  (v) =>
    oneOf("lifecycle state", lifecycleStates, v.state) ??
    (Number.isInteger(v.maxRestarts) && v.maxRestarts >= 0 && v.maxRestarts <= UNLIMITED_RESTARTS
      ? undefined
      : `maxRestarts ${v.maxRestarts} is neither Infinity nor a whole number from 0 to ${UNLIMITED_RESTARTS} (= no limit)`),
);

/** Actor records: `maxRestarts: Infinity` is stored as `UNLIMITED_RESTARTS` and read back as `Infinity`. */
export const actorCodec: Codec<ActorInfo> = {
  encode: (value) =>
    actorRecordCodec.encode(
      value.maxRestarts === Infinity ? { ...value, maxRestarts: UNLIMITED_RESTARTS } : value,
    ),
  decode: (bytes, where) => {
    const value = actorRecordCodec.decode(bytes, where);
    return value.maxRestarts === UNLIMITED_RESTARTS ? { ...value, maxRestarts: Infinity } : value;
  },
};
export const taskCodec = recordCodec<TaskInfo>("TaskRecord", (v) =>
  oneOf("lifecycle state", lifecycleStates, v.state),
);
export const objectCodec = recordCodec<ObjectInfo>("ObjectRecord");
export const namedActorCodec = recordCodec<NamedActor>("NamedActorRecord");
export const nameChangeCodec = recordCodec<NameChange>("NameChange");
export const supervisorCodec = recordCodec<SupervisorInfo>(
  "SupervisorRecord",
  (v) =>
    oneOf("strategy", ["one_for_one", "one_for_all", "rest_for_one"], v.strategy) ??
    oneOf("lifecycle state", lifecycleStates, v.state),
);
export const eventCodec = recordCodec<LifecycleEvent>("LifecycleEventRecord", (v) =>
  oneOf("subject kind", ["actor", "task", "node", "job", "supervisor"], v.subjectKind),
);
export const spanCodec = recordCodec<CallSpan>("CallSpanRecord", (v) =>
  oneOf("span kind", ["actor", "task", "driver"], v.kind),
);
export const snapshotCodec = recordCodec<Snapshot>("SnapshotRecord");
export const changeCodec = recordCodec<{ topic: string; payload: Uint8Array; origin: number }>(
  "ChangeRecord",
);

/** What each subscription topic pushes, and how it is encoded. */
export const topics: { readonly [T in GcsTopic]: Codec<GcsTopics[T]> } = {
  actors: actorCodec,
  nodes: nodeCodec,
  names: nameChangeCodec,
};

export function isTopic(name: string): name is GcsTopic {
  return Object.hasOwn(topics, name);
}

const CallEntry = wireType("CallLogEntryRecord");

/**
 * Call-log entries sit on the hot path (every logged call, every replayed one), so
 * their conversion is written out by hand instead of going through `toObject`.
 * The seq is in the value as well as the key: replay decodes values only.
 * `decode` may be handed the store's own buffer, of which protobufjs's `bytes`
 * fields are mere views: they are copied out here.
 */
export const callEntryCodec = {
  encode(entry: CallLogEntry, hash: number): Uint8Array {
    return sealEnvelope(CallEntry, {
      seq: entry.seq,
      method: entry.method,
      args: entry.args,
      argRefs: entry.argRefs,
      hash,
      nested: entry.nested,
      completion: entry.completion,
      callId: entry.callId ?? "",
    });
  },
  decode(bytes: Uint8Array, where: string): LoggedCall {
    return decodeWith(where, () => {
      const m = CallEntry.decode(
        openEnvelope(bytes, where),
      ) as unknown as rayx.v1.CallLogEntryRecord;
      const entry = {
        ...(m.callId === "" ? {} : { callId: m.callId }),
        seq: m.seq,
        method: m.method,
        args: m.args.slice(),
        argRefs: m.argRefs,
        hash: m.hash,
        nested: (m.nested as rayx.v1.NestedCall[]).map((n) => ({
          target: n.target,
          method: n.method,
          result: n.result.slice(),
          failed: n.failed,
        })),
      };
      const c = m.completion as rayx.v1.CallCompletion | null | undefined;
      return c == null ? entry : { ...entry, completion: { ok: c.ok, result: c.result.slice() } };
    });
  },
};

/** FNV-1a (32 bit) over the method name's UTF-16 units, a NUL, then the args bytes. */
export function callHash(method: string, args: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < method.length; i++) h = Math.imul(h ^ method.charCodeAt(i), 0x01000193);
  h = Math.imul(h, 0x01000193); // the NUL separator
  for (let i = 0; i < args.length; i++) h = Math.imul(h ^ args[i]!, 0x01000193);
  return h >>> 0;
}

const StringValue = wireType("StringValue");
const NumberValue = wireType("NumberValue");
const BoolValue = wireType("BoolValue");
const OptionalRecord = wireType("OptionalRecord");
const RecordList = wireType("RecordList");

/** Codecs for RPC arguments and results that are not records. */
export const values = {
  string: {
    encode: (value: string) => StringValue.encode({ value }).finish(),
    decode: (bytes: Uint8Array) =>
      (StringValue.decode(bytes) as unknown as { value: string }).value,
  } satisfies Codec<string>,
  number: {
    encode: (value: number) => NumberValue.encode({ value }).finish(),
    decode: (bytes: Uint8Array) =>
      (NumberValue.decode(bytes) as unknown as { value: number }).value,
  } satisfies Codec<number>,
  bool: {
    encode: (value: boolean) => BoolValue.encode({ value }).finish(),
    decode: (bytes: Uint8Array) => (BoolValue.decode(bytes) as unknown as { value: boolean }).value,
  } satisfies Codec<boolean>,
  void: {
    encode: () => new Uint8Array(0),
    decode: () => undefined,
  } satisfies Codec<void>,
  optional: <T>(codec: Codec<T>): Codec<T | undefined> => {
    return {
      encode: (value) =>
        OptionalRecord.encode(value === undefined ? {} : { value: codec.encode(value) }).finish(),
      decode: (bytes, where) => {
        const { value } = OptionalRecord.decode(bytes) as unknown as { value?: Uint8Array | null };
        return value == null ? undefined : codec.decode(value, where);
      },
    };
  },
  list: <T>(codec: Codec<T>): Codec<readonly T[]> => {
    return {
      encode: (items) => RecordList.encode({ items: items.map((i) => codec.encode(i)) }).finish(),
      decode: (bytes, where) =>
        (RecordList.decode(bytes) as unknown as { items: Uint8Array[] }).items.map((i) =>
          codec.decode(i, where),
        ),
    };
  },
};

/** A call-log entry read back, over ws. */
export const loggedCallCodec: Codec<LoggedCall> = {
  encode: (entry) => callEntryCodec.encode(entry, entry.hash),
  decode: (bytes, where = "call log entry") => callEntryCodec.decode(bytes, where),
};

/** A call-log entry to append, over ws (the store computes the hash again). */
export const callCodec: Codec<CallLogEntry> = {
  encode: (entry) => callEntryCodec.encode(entry, 0),
  decode: (bytes, where = "call log entry") => callEntryCodec.decode(bytes, where),
};

const Request = wireType("GcsRequest");
const Response = wireType("GcsResponse");

export interface RequestFrame {
  readonly id: number;
  readonly method: string;
  readonly args: readonly Uint8Array[];
}

export interface ErrorInfo {
  readonly name: string;
  readonly code: string;
  readonly message: string;
  readonly stack: string;
}

export type ResponseFrame =
  | { readonly id: number; readonly result: Uint8Array }
  | { readonly id: number; readonly error: ErrorInfo }
  | { readonly id: 0; readonly push: { readonly topic: string; readonly payload: Uint8Array } };

export const frames = {
  encodeRequest: (frame: RequestFrame): Uint8Array => Request.encode(frame).finish(),
  /** Throws `CorruptRecordError` on a frame that is not a `GcsRequest`. */
  decodeRequest: (bytes: Uint8Array): RequestFrame =>
    decodeWith("request frame", () => {
      const m = Request.decode(bytes) as unknown as rayx.v1.GcsRequest;
      return { id: m.id, method: m.method, args: m.args };
    }),
  encodeResponse: (frame: ResponseFrame): Uint8Array => Response.encode(frame).finish(),
  decodeResponse: (bytes: Uint8Array): ResponseFrame =>
    decodeWith("response frame", () => {
      const m = Response.decode(bytes) as unknown as rayx.v1.GcsResponse;
      if (m.error != null) {
        const { name, code, message, stack } = m.error as rayx.v1.ErrorInfo;
        return { id: m.id, error: { name, code, message, stack } };
      }
      if (m.push != null) {
        const { topic, payload } = m.push as rayx.v1.GcsPush;
        return { id: 0, push: { topic, payload } };
      }
      return { id: m.id, result: m.result ?? new Uint8Array(0) };
    }),
};
