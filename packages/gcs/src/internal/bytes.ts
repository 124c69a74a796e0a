/**
 * Byte-level helpers of the store layer: argument checks for tables and keys, the
 * unsigned byte order every backend sorts by, and the binary key layouts of the
 * typed tables (ids then big-endian numbers, so keys sort as (id, number)).
 */
import { GcsArgumentError } from "../errors.js";

/** LMDB's key size limit as compiled into lmdb-js. */
export const MAX_KEY_BYTES = 1978;

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
  return Buffer.from(parts.join("\0"), "utf8");
}

/** Largest sequence number a key can carry (doubles are exact up to here). */
export const MAX_SEQ = Number.MAX_SAFE_INTEGER;

export function checkSeq(seq: number, what: string): number {
  if (!Number.isSafeInteger(seq) || seq < 0) {
    throw new GcsArgumentError(`${what} must be an integer from 0 to 2^53-1, got ${seq}`);
  }
  return seq;
}

/**
 * `id`, NUL, then `n` as 8 big-endian bytes (`id` "" gives just the 8 bytes).
 * Built with Buffer: TextEncoder costs ~1 µs a call, too slow for every append.
 */
export function seqKey(id: string, n: number): Uint8Array {
  const idBytes = id === "" ? 0 : Buffer.byteLength(id, "utf8") + 1;
  const key = Buffer.allocUnsafe(idBytes + 8);
  if (idBytes > 0) {
    key.write(id, 0, "utf8");
    key[idBytes - 1] = 0;
  }
  key.writeUInt32BE(Math.floor(n / 0x1_0000_0000), idBytes);
  key.writeUInt32BE(n >>> 0, idBytes + 4);
  return key;
}

/** The number in the last 8 bytes of a `seqKey`. */
export function seqOfKey(key: Uint8Array): number {
  const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
  const at = key.byteLength - 8;
  return view.getUint32(at) * 0x1_0000_0000 + view.getUint32(at + 4);
}

/** The key range holding every `seqKey(id, …)`. */
export function idRange(id: string): { start: Uint8Array; end: Uint8Array } {
  const start = Buffer.from(`${id}\0`, "utf8");
  return { start, end: prefixEnd(start) };
}

/** The first key after every key that starts with `prefix` (which ends in NUL). */
function prefixEnd(prefix: Uint8Array): Uint8Array {
  const end = new Uint8Array(prefix); // a copy (Buffer#slice would be a view)
  end[end.length - 1] = 1;
  return end;
}
