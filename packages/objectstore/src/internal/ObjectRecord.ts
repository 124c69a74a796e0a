/**
 * The stored layout of one object. The record (LMDB key = the id) holds a fixed
 * header, a segment table, the codec's head and the small segments inline; each
 * segment of `EXTERNAL_MIN` bytes or more is its own LMDB value under `<id>/<n>`,
 * written straight from the caller's memory (no concatenation copy) and, at 16 MiB
 * or more, read back as a zero-copy view on the mapped pages.
 *
 *   0  u32 magic "RXO1"   4  u8 version, 3 reserved   8  u32 head length   12  u32 segment count
 *   16 segment table: per segment f64 byte length, u32 where (0 inline, 1 external),
 *      u32 offset in the record (inline) or ordinal among external segments (key `<id>/<ordinal>`)
 *   then the head, then inline segments, each starting on an 8-byte boundary (typed-array alignment)
 */
import type { EncodedValue } from "./encodeValue.js";
import { MalformedValueError } from "./decodeValue.js";

const MAGIC = 0x314f5852; // "RXO1" little-endian
export const RECORD_VERSION = 1;
const HEADER = 16;
const ENTRY = 16;

/** Segments of at least this many bytes are stored as their own LMDB value. */
export const EXTERNAL_MIN = 64 * 1024;

/** Where one segment's bytes are. */
export interface SegmentEntry {
  readonly byteLength: number;
  readonly external: boolean;
  /** Offset in the record (inline), or ordinal among the external segments (external). */
  readonly offset: number;
}

export interface ParsedRecord {
  readonly head: Uint8Array;
  readonly segments: readonly SegmentEntry[];
}

/** A record built for writing, plus the segments that go under their own keys (in ordinal order). */
export interface BuiltRecord {
  readonly record: Buffer;
  readonly external: readonly Uint8Array[];
  /** Bytes the object occupies: record plus external segments. */
  readonly size: number;
}

const align8 = (n: number): number => (n + 7) & ~7;

export function buildRecord(encoded: EncodedValue): BuiltRecord {
  const { head, segments } = encoded;
  let length = align8(HEADER + ENTRY * segments.length + head.byteLength);
  const offsets: number[] = [];
  const external: Uint8Array[] = [];
  let size = 0;
  for (const segment of segments) {
    if (segment.byteLength >= EXTERNAL_MIN) {
      offsets.push(external.push(segment) - 1);
      size += segment.byteLength;
    } else {
      offsets.push(length);
      length = align8(length + segment.byteLength);
    }
  }
  // Pooled memory (small records share Node's 8 KiB slabs); zeroed so padding holds no stale bytes.
  const record = Buffer.allocUnsafe(length).fill(0);
  record.writeUInt32LE(MAGIC, 0);
  record[4] = RECORD_VERSION;
  record.writeUInt32LE(head.byteLength, 8);
  record.writeUInt32LE(segments.length, 12);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const at = HEADER + ENTRY * i;
    const isExternal = segment.byteLength >= EXTERNAL_MIN;
    record.writeDoubleLE(segment.byteLength, at);
    record.writeUInt32LE(isExternal ? 1 : 0, at + 8);
    record.writeUInt32LE(offsets[i]!, at + 12);
    if (!isExternal) record.set(segment, offsets[i]);
  }
  record.set(head, HEADER + ENTRY * segments.length);
  return { record, external, size: size + length };
}

/** Reads a record's layout; throws `MalformedValueError` when it is not one this version wrote. */
export function parseRecord(bytes: Uint8Array): ParsedRecord {
  if (bytes.byteLength < HEADER)
    throw new MalformedValueError(`record of ${bytes.byteLength} bytes is too short`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC)
    throw new MalformedValueError("record does not start with RXO1");
  const version = bytes[4]!;
  if (version !== RECORD_VERSION)
    throw new MalformedValueError(
      `record version ${version}, this rayx reads version ${RECORD_VERSION}`,
    );
  const headLength = view.getUint32(8, true);
  const count = view.getUint32(12, true);
  const headStart = HEADER + ENTRY * count;
  if (headStart + headLength > bytes.byteLength)
    throw new MalformedValueError("record is shorter than its segment table and head");
  const segments: SegmentEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = HEADER + ENTRY * i;
    const entry = {
      byteLength: view.getFloat64(at, true),
      external: view.getUint32(at + 8, true) === 1,
      offset: view.getUint32(at + 12, true),
    };
    if (!entry.external && entry.offset + entry.byteLength > bytes.byteLength)
      throw new MalformedValueError(`inline segment ${i} runs past the end of the record`);
    segments.push(entry);
  }
  return { head: bytes.subarray(headStart, headStart + headLength), segments };
}

/** The LMDB key of the external segment with ordinal `ordinal` of object `id`. */
export function segmentKey(id: string, ordinal: number): string {
  return `${id}/${ordinal}`;
}
