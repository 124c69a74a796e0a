/**
 * One byte stream for an object's parts (its record, then its external segments
 * in order), used by spill files and by transfers between nodes:
 *   u32 magic "RXP1", u32 part count, per part f64 byte length, then the parts.
 * Writers emit the header and the parts separately, so large parts are never
 * concatenated in memory.
 */
import { MalformedValueError } from "./decodeValue.js";

const MAGIC = 0x31505852; // "RXP1" little-endian

/** The header that precedes `parts` in the stream. */
export function framingHeader(parts: readonly Uint8Array[]): Buffer {
  const header = Buffer.alloc(8 + 8 * parts.length);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(parts.length, 4);
  parts.forEach((part, i) => header.writeDoubleLE(part.byteLength, 8 + 8 * i));
  return header;
}

/** Total length of the stream for `parts`. */
export function framedLength(parts: readonly Uint8Array[]): number {
  return parts.reduce((sum, part) => sum + part.byteLength, 8 + 8 * parts.length);
}

/** Splits a whole stream back into parts (views on `bytes`). */
export function unframe(bytes: Uint8Array): Uint8Array[] {
  if (bytes.byteLength < 8)
    throw new MalformedValueError("framed object is shorter than its header");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC)
    throw new MalformedValueError("framed object does not start with RXP1");
  const count = view.getUint32(4, true);
  let offset = 8 + 8 * count;
  if (offset > bytes.byteLength)
    throw new MalformedValueError("framed object is shorter than its part table");
  const parts: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const length = view.getFloat64(8 + 8 * i, true);
    if (offset + length > bytes.byteLength)
      throw new MalformedValueError(`part ${i} runs past the end of the framed object`);
    parts.push(bytes.subarray(offset, offset + length));
    offset += length;
  }
  if (offset !== bytes.byteLength)
    throw new MalformedValueError(
      `${bytes.byteLength - offset} trailing bytes after the last part`,
    );
  return parts;
}
