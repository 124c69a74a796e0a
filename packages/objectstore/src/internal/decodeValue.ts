/**
 * The value codec's reader: rebuilds a value from its structure stream ("head")
 * and its binary segments. Segment bytes are used in place when the element type's
 * alignment allows it (so a segment that is a view on LMDB's mapped pages becomes a
 * typed array on those pages, no copy); an `ArrayBuffer` value, or a misaligned
 * segment, is copied. Malformed input throws `MalformedValueError`, which the
 * store turns into an `ObjectCorruptError` naming the object.
 */
import type { RefCodecRegistry } from "../RefCodecRegistry.js";
import { copyBytes } from "./copyBytes.js";
import { BinaryKind, ERROR_TYPES, TYPED_ARRAYS, Tag } from "./tags.js";

/** The head or a segment does not follow the codec's format. */
export class MalformedValueError extends Error {}

/** Supplies the bytes of segment `index`. */
export type SegmentSource = (index: number) => Uint8Array;

/** Told of each binary value built from segment `index` (the store pins views it hands out). */
export type BinaryObserver = (index: number, value: object) => void;

export function decodeValue(
  head: Uint8Array,
  segment: SegmentSource,
  codecs: RefCodecRegistry,
  onBinary?: BinaryObserver,
): unknown {
  const reader = new Reader(head, segment, codecs, onBinary);
  const value = reader.value();
  if (reader.pos !== reader.end)
    throw new MalformedValueError(`${reader.end - reader.pos} trailing bytes after the value`);
  return value;
}

/**
 * Views over the whole ArrayBuffer of the last head read. lmdb-js hands out every
 * small value in the same reused buffer, so building these once (not per value)
 * saves most of a small get's allocations; positions are absolute in the buffer.
 */
let cached: { buffer: ArrayBufferLike; bytes: Buffer; view: DataView } | undefined;

/** Larger buffers (a spill file read whole, say) are not kept alive by the cache. */
const CACHE_MAX = 16 * 1024 * 1024;

function viewsOf(buffer: ArrayBufferLike): { bytes: Buffer; view: DataView } {
  if (cached?.buffer === buffer) return cached;
  const views = { buffer, bytes: Buffer.from(buffer), view: new DataView(buffer) };
  if (buffer.byteLength <= CACHE_MAX) cached = views;
  return views;
}

class Reader {
  pos: number;
  readonly end: number;
  /** The whole buffer as a Buffer (indexing and UTF-8 decoding) and as a DataView. */
  readonly #bytes: Buffer;
  readonly #view: DataView;
  readonly #objects: unknown[] = [];

  constructor(
    head: Uint8Array,
    readonly segment: SegmentSource,
    readonly codecs: RefCodecRegistry,
    readonly onBinary: BinaryObserver | undefined,
  ) {
    const { bytes, view } = viewsOf(head.buffer);
    this.#bytes = bytes;
    this.#view = view;
    this.pos = head.byteOffset;
    this.end = head.byteOffset + head.byteLength;
  }

  value(): unknown {
    const tag = this.u8();
    switch (tag) {
      case Tag.Undefined:
        return undefined;
      case Tag.Null:
        return null;
      case Tag.False:
        return false;
      case Tag.True:
        return true;
      case Tag.Int32:
        return this.#view.getInt32(this.#take(4), true);
      case Tag.Float64:
        return this.#view.getFloat64(this.#take(8), true);
      case Tag.String:
        return this.string();
      case Tag.BigInt: {
        const hex = this.string();
        return hex.startsWith("-") ? -BigInt(`0x${hex.slice(1)}`) : BigInt(`0x${hex}`);
      }
      case Tag.Array:
        return this.#array();
      case Tag.Object: {
        const out: Record<string, unknown> = {};
        this.#objects.push(out);
        for (let n = this.u32(); n > 0; n--) {
          const key = this.string();
          out[key] = this.value();
        }
        return out;
      }
      case Tag.Map: {
        const out = new Map<unknown, unknown>();
        this.#objects.push(out);
        for (let n = this.u32(); n > 0; n--) {
          const key = this.value();
          out.set(key, this.value());
        }
        return out;
      }
      case Tag.Set: {
        const out = new Set<unknown>();
        this.#objects.push(out);
        for (let n = this.u32(); n > 0; n--) out.add(this.value());
        return out;
      }
      case Tag.Date:
        return this.#remember(new Date(this.#view.getFloat64(this.#take(8), true)));
      case Tag.RegExp: {
        const source = this.string();
        return this.#remember(new RegExp(source, this.string()));
      }
      case Tag.Error:
        return this.#error();
      case Tag.Binary: {
        const kind = this.u8();
        const index = this.u32();
        const value = binary(kind, this.segment(index));
        this.onBinary?.(index, value);
        return this.#remember(value);
      }
      case Tag.Ref:
        return this.#ref();
      case Tag.BackRef: {
        const index = this.u32();
        if (index >= this.#objects.length)
          throw new MalformedValueError(`back-reference ${index} to an object not read yet`);
        return this.#objects[index];
      }
      default:
        throw new MalformedValueError(`unknown tag ${tag}`);
    }
  }

  #array(): unknown[] {
    const n = this.u32();
    const out: unknown[] = new Array<unknown>(n);
    this.#objects.push(out);
    for (let i = 0; i < n; i++) {
      if (this.pos < this.end && this.#bytes[this.pos] === Tag.Hole) this.pos++;
      else out[i] = this.value();
    }
    return out;
  }

  #error(): Error {
    const name = this.string();
    const message = this.string();
    const stack = this.string();
    const ErrorType = ERROR_TYPES[name] ?? Error;
    const error = new ErrorType(message);
    this.#objects.push(error);
    if (error.name !== name)
      Object.defineProperty(error, "name", { value: name, writable: true, configurable: true });
    Object.defineProperty(error, "stack", { value: stack, writable: true, configurable: true });
    if (this.u8() === 1)
      Object.defineProperty(error, "cause", {
        value: this.value(),
        writable: true,
        configurable: true,
      });
    return error;
  }

  #ref(): unknown {
    const name = this.string();
    const codec = this.codecs.forName(name);
    if (!codec)
      throw new MalformedValueError(
        `no RefCodec named ${JSON.stringify(name)} is registered in this process; register it before reading`,
      );
    // The ref's own slot is taken before its payload, as the encoder counted it.
    const slot = this.#objects.push(undefined) - 1;
    const value = codec.decode(this.value());
    this.#objects[slot] = value;
    return value;
  }

  #remember<T>(value: T): T {
    this.#objects.push(value);
    return value;
  }

  u8(): number {
    if (this.pos >= this.end) throw new MalformedValueError("value ends early");
    return this.#bytes[this.pos++]!;
  }

  u32(): number {
    return this.#view.getUint32(this.#take(4), true);
  }

  string(): string {
    const length = this.u32();
    const start = this.pos;
    this.#take(length);
    return this.#bytes.toString("utf8", start, start + length);
  }

  /** Claims the next `n` bytes and returns where they start. */
  #take(n: number): number {
    const at = this.pos;
    if (at + n > this.end) throw new MalformedValueError("value ends early");
    this.pos = at + n;
    return at;
  }
}

function binary(kind: number, bytes: Uint8Array): object {
  switch (kind) {
    case BinaryKind.Buffer:
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    case BinaryKind.ArrayBuffer:
      return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? bytes.buffer
        : copyBytes(bytes).buffer;
    case BinaryKind.DataView:
      return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  const Type = TYPED_ARRAYS[kind];
  if (!Type) throw new MalformedValueError(`unknown binary kind ${kind}`);
  const size = Type.BYTES_PER_ELEMENT;
  if (bytes.byteLength % size !== 0)
    throw new MalformedValueError(
      `${bytes.byteLength} bytes is not a whole number of ${Type.name} elements`,
    );
  const source = bytes.byteOffset % size === 0 ? bytes : copyBytes(bytes);
  return new Type(source.buffer as ArrayBuffer, source.byteOffset, source.byteLength / size);
}
