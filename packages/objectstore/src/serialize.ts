/**
 * The store's value codec on its own, for values that travel inline instead of
 * through the store (small task arguments and results inside a wire message):
 * the same structured-clone-compatible format, ref-like classes through the
 * `RefCodecRegistry`, unserializable parts named by path, and the object ids
 * of nested refs reported so the caller can count them.
 */
import type { ObjectId } from "./ObjectId.js";
import { RefCodecRegistry } from "./RefCodecRegistry.js";
import { ObjectCorruptError } from "./errors.js";
import { decodeParts } from "./internal/decodeParts.js";
import { MalformedValueError } from "./internal/decodeValue.js";
import { encodeValue } from "./internal/encodeValue.js";
import { framedLength, framingHeader, unframe } from "./internal/framing.js";
import { buildRecord, parseRecord } from "./internal/ObjectRecord.js";

export interface SerializeOptions {
  /** Codecs of ref-like classes. Defaults to an empty registry. */
  readonly codecs?: RefCodecRegistry;
  /** How the value is named in error paths (`"args"` gives `args[1].cb`). Defaults to `"value"`. */
  readonly root?: string;
}

/** A serialized value and the object ids its ref-like parts name. */
export interface SerializedValue {
  readonly bytes: Uint8Array;
  readonly refs: readonly ObjectId[];
}

const EMPTY_REGISTRY = new RefCodecRegistry();

/**
 * Serializes `value` into one byte array.
 * @throws SerializationError naming the path of an unserializable part.
 *
 * @example
 * const { bytes, refs } = serialize([1, ref], { codecs, root: "args" });
 * const args = deserialize(bytes, { codecs }) as unknown[];
 */
export function serialize(value: unknown, options: SerializeOptions = {}): SerializedValue {
  const encoded = encodeValue(value, options.codecs ?? EMPTY_REGISTRY, options.root ?? "value");
  const { record, external } = buildRecord(encoded);
  const parts = [record, ...external];
  const header = framingHeader(parts);
  const bytes = new Uint8Array(framedLength(parts));
  bytes.set(header, 0);
  let at = header.byteLength;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  return { bytes, refs: encoded.refs };
}

/**
 * Rebuilds a value from `serialize`'s bytes. Typed arrays are views on `bytes`
 * where their size and alignment allow.
 * @throws ObjectCorruptError when the bytes are not a serialized value.
 */
export function deserialize<T = unknown>(
  bytes: Uint8Array,
  options: Pick<SerializeOptions, "codecs"> = {},
): T {
  try {
    const parts = unframe(bytes);
    if (parts.length === 0) throw new MalformedValueError("no record");
    return decodeParts(parseRecord(parts[0]!), parts, options.codecs ?? EMPTY_REGISTRY) as T;
  } catch (error) {
    if (error instanceof MalformedValueError)
      throw new ObjectCorruptError("(inline value)", error.message, { cause: error });
    throw error;
  }
}
