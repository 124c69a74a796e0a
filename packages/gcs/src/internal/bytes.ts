/**
 * Byte-level helpers of the store layer: argument checks for tables and keys, the
 * unsigned byte order every backend sorts by, and the binary key layouts of the
 * typed tables (ids then big-endian numbers, so keys sort as (id, number)).
 */
import { GcsArgumentError } from "../errors.js";

/** LMDB's key size limit as compiled into lmdb-js. */
export const MAX_KEY_BYTES = 1978;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function checkTable(table: string): string {
  if (table.length === 0 || table.length > 200) {
    throw new GcsArgumentError(`table name must be 1 to 200 characters, got ${table.length}`);
  }
  return table;
}

export function checkKey(key: Uint8Array): Uint8Array {
  if (!(key instanceof Uint8Array) || key.length === 0 || key.length > MAX_KEY_BYTES) {
    throw new GcsArgumentError(
      `a key must be a Uint8Array of 1 to ${MAX_KEY_BYTES} bytes, got ${describe(key)}`,
    );
  }
  return key;
}

function describe(key: unknown): string {
  return key instanceof Uint8Array ? `${key.length} bytes` : typeof key;
}

/** Unsigned lexicographic order, the order LMDB keeps binary keys in. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * Checks an id used inside a key: non-empty, no NUL (the separator), short enough.
 * `what` names it in the error ("actor id").
 */
export function checkId(id: string, what: string): string {
  if (typeof id !== "string" || id.length === 0 || id.length > 512 || id.includes("\0")) {
    throw new GcsArgumentError(
      `${what} must be a non-empty string of at most 512 characters without NUL, got ${JSON.stringify(id)}`,
    );
  }
  return id;
}

/** `parts` joined by NUL: sorts by the first part, then the next. */
export function idKey(...parts: string[]): Uint8Array {
  return encoder.encode(parts.join("\0"));
}

export function idFromKey(key: Uint8Array): string[] {
  return decoder.decode(key).split("\0");
}

/** Largest sequence number a key can carry (doubles are exact up to here). */
export const MAX_SEQ = Number.MAX_SAFE_INTEGER;

export function checkSeq(seq: number, what: string): number {
  if (!Number.isSafeInteger(seq) || seq < 0) {
    throw new GcsArgumentError(`${what} must be an integer from 0 to 2^53-1, got ${seq}`);
  }
  return seq;
}

/** `prefix` (an id, then NUL) followed by `n` as 8 big-endian bytes. */
export function seqKey(prefix: Uint8Array, n: number): Uint8Array {
  const key = new Uint8Array(prefix.length + 8);
  key.set(prefix, 0);
  const view = new DataView(key.buffer);
  view.setUint32(prefix.length, Math.floor(n / 0x1_0000_0000));
  view.setUint32(prefix.length + 4, n >>> 0);
  return key;
}

/** The number in the last 8 bytes of a `seqKey`. */
export function seqOfKey(key: Uint8Array): number {
  const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
  const at = key.byteLength - 8;
  return view.getUint32(at) * 0x1_0000_0000 + view.getUint32(at + 4);
}

/** The prefix `id` NUL for `seqKey`; `prefixEnd` is the first key after all of them. */
export function seqPrefix(id: string): Uint8Array {
  return encoder.encode(`${id}\0`);
}

export function prefixEnd(prefix: Uint8Array): Uint8Array {
  const end = prefix.slice();
  end[end.length - 1] = 1; // prefix ends in NUL; NUL+1 bounds every key under it
  return end;
}
