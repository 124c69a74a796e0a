/**
 * The value codec's writer: walks a value the way structured clone does and
 * produces a structure stream ("head") plus binary segments, one per typed array,
 * Buffer, DataView or ArrayBuffer, kept as views on the caller's memory so the
 * record layer decides where their bytes go (inline, or straight into LMDB).
 * Ref-like class instances go through the `RefCodecRegistry` and their object ids
 * are reported. Anything structured clone would reject (and class instances
 * without a codec) fails with a `SerializationError` naming the path.
 */
import type { ObjectId } from "../ObjectId.js";
import type { RefCodecRegistry } from "../RefCodecRegistry.js";
import { SerializationError } from "../errors.js";
import { BinaryKind, Tag } from "./tags.js";
import { Writer } from "./Writer.js";

/** A value split into its structure and its raw bytes. */
export interface EncodedValue {
  /** The structure stream; valid until the next `encodeValue` call (a shared scratch buffer). */
  readonly head: Uint8Array;
  /** Raw bytes of each binary value, in head order; views on the caller's memory. */
  readonly segments: readonly Uint8Array[];
  /** Object ids named by ref-like values inside, deduplicated. */
  readonly refs: readonly ObjectId[];
}

const writer = new Writer();
const NO_REFS: readonly ObjectId[] = [];
/** Objects written so far in the current call (reused: one encode runs at a time). */
const seen = new Map<object, number>();

const BINARY_KINDS = new Map<object, number>([
  [Buffer.prototype, BinaryKind.Buffer],
  [Int8Array.prototype, BinaryKind.Int8Array],
  [Uint8Array.prototype, BinaryKind.Uint8Array],
  [Uint8ClampedArray.prototype, BinaryKind.Uint8ClampedArray],
  [Int16Array.prototype, BinaryKind.Int16Array],
  [Uint16Array.prototype, BinaryKind.Uint16Array],
  [Int32Array.prototype, BinaryKind.Int32Array],
  [Uint32Array.prototype, BinaryKind.Uint32Array],
  [Float32Array.prototype, BinaryKind.Float32Array],
  [Float64Array.prototype, BinaryKind.Float64Array],
  [BigInt64Array.prototype, BinaryKind.BigInt64Array],
  [BigUint64Array.prototype, BinaryKind.BigUint64Array],
  [DataView.prototype, BinaryKind.DataView],
  [ArrayBuffer.prototype, BinaryKind.ArrayBuffer],
]);

/** Thrown inside the walk; each container on the way out prepends its part of the path. */
class PathError extends Error {
  constructor(
    public path: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(problem);
  }
}

/**
 * Encodes `value`. `root` names it in error paths (`"args"` gives `args[1].cb`).
 * @throws SerializationError for functions, symbols, class instances without a codec, and the like.
 */
export function encodeValue(
  value: unknown,
  codecs: RefCodecRegistry,
  root = "value",
): EncodedValue {
  const state: WalkState = { codecs, segments: [], refs: undefined, seen };
  writer.reset();
  try {
    write(value, state);
  } catch (error) {
    if (error instanceof PathError)
      throw new SerializationError(root + error.path, error.problem, error.fix);
    throw error;
  } finally {
    seen.clear(); // never keep the caller's objects alive
  }
  return {
    head: writer.bytes(),
    segments: state.segments,
    refs: state.refs ? [...state.refs] : NO_REFS,
  };
}

interface WalkState {
  readonly codecs: RefCodecRegistry;
  readonly segments: Uint8Array[];
  /** Created at the first ref-like value (most values have none). */
  refs: Set<ObjectId> | undefined;
  /** Objects already written, by their index in write order (for shared references and cycles). */
  readonly seen: Map<object, number>;
}

function write(value: unknown, state: WalkState): void {
  switch (typeof value) {
    case "undefined":
      return writer.u8(Tag.Undefined);
    case "boolean":
      return writer.u8(value ? Tag.True : Tag.False);
    case "number":
      if ((value | 0) === value && !Object.is(value, -0)) {
        writer.u8(Tag.Int32);
        return writer.i32(value);
      }
      writer.u8(Tag.Float64);
      return writer.f64(value);
    case "string":
      writer.u8(Tag.String);
      return writer.string(value);
    case "bigint":
      writer.u8(Tag.BigInt);
      return writer.string(value.toString(16));
    case "function":
      throw new PathError(
        "",
        `a function (${value.name || "anonymous"}) is not data`,
        "pass plain data, or an actor handle to call back into",
      );
    case "symbol":
      throw new PathError(
        "",
        `a symbol (${String(value)}) has no serialized form`,
        "use a string instead",
      );
    case "object":
      if (value === null) return writer.u8(Tag.Null);
      return writeObject(value, state);
  }
}

function writeObject(value: object, state: WalkState): void {
  const index = state.seen.get(value);
  if (index !== undefined) {
    writer.u8(Tag.BackRef);
    return writer.u32(index);
  }
  state.seen.set(value, state.seen.size);
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === Object.prototype || proto === null)
    return writePlain(value as Record<string, unknown>, state);
  if (Array.isArray(value)) return writeArray(value, state);
  const kind = BINARY_KINDS.get(proto);
  if (kind !== undefined) return writeBinary(value as ArrayBufferView | ArrayBuffer, kind, state);
  if (value instanceof Map) {
    writer.u8(Tag.Map);
    writer.u32(value.size);
    let i = 0;
    for (const [k, v] of value as Map<unknown, unknown>) {
      child(k, state, "map key", i);
      child(v, state, "map value", i);
      i++;
    }
    return;
  }
  if (value instanceof Set) {
    writer.u8(Tag.Set);
    writer.u32(value.size);
    let i = 0;
    for (const v of value as Set<unknown>) child(v, state, "set item", i++);
    return;
  }
  if (value instanceof Date) {
    writer.u8(Tag.Date);
    return writer.f64(value.getTime());
  }
  if (value instanceof RegExp) {
    writer.u8(Tag.RegExp);
    writer.string(value.source);
    return writer.string(value.flags);
  }
  const codec = state.codecs.forPrototype(proto);
  if (codec) {
    writer.u8(Tag.Ref);
    writer.string(codec.name);
    for (const id of codec.objectIds?.(value) ?? []) (state.refs ??= new Set()).add(id);
    return child(codec.encode(value), state, codec.name, -1);
  }
  if (value instanceof Error) return writeError(value, state);
  const className = (proto.constructor as { name?: string } | undefined)?.name ?? "anonymous class";
  throw new PathError(
    "",
    `an instance of class ${className} has no codec`,
    `pass a plain object (e.g. { ...value }), or register a RefCodec for ${className}`,
  );
}

function writePlain(value: Record<string, unknown>, state: WalkState): void {
  writer.u8(Tag.Object);
  const keys = Object.keys(value);
  writer.u32(keys.length);
  for (const key of keys) {
    writer.string(key);
    child(value[key], state, key, -1);
  }
}

function writeArray(value: unknown[], state: WalkState): void {
  writer.u8(Tag.Array);
  const n = value.length;
  writer.u32(n);
  for (let i = 0; i < n; i++) {
    if (!(i in value)) writer.u8(Tag.Hole);
    else child(value[i], state, "", i);
  }
}

function writeBinary(value: ArrayBufferView | ArrayBuffer, kind: number, state: WalkState): void {
  writer.u8(Tag.Binary);
  writer.u8(kind);
  writer.u32(state.segments.length);
  state.segments.push(
    value instanceof ArrayBuffer
      ? new Uint8Array(value)
      : new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
  );
}

function writeError(value: Error, state: WalkState): void {
  writer.u8(Tag.Error);
  writer.string(String(value.name));
  writer.string(String(value.message));
  writer.string(value.stack === undefined ? "" : String(value.stack));
  const hasCause = Object.hasOwn(value, "cause");
  writer.u8(hasCause ? 1 : 0);
  if (hasCause) child(value.cause, state, "cause", -1);
}

/**
 * Writes a nested value; on failure prepends its step to the path. The step is
 * built only then: `key` alone is a property, `index` alone an array index, and
 * both together a labelled position (`.<map key 2>`).
 */
function child(value: unknown, state: WalkState, key: string, index: number): void {
  try {
    write(value, state);
  } catch (error) {
    if (error instanceof PathError) error.path = step(key, index) + error.path;
    throw error;
  }
}

function step(key: string, index: number): string {
  if (key === "") return `[${index}]`;
  if (index >= 0) return `.<${key} ${index}>`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
