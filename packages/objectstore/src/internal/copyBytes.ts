/**
 * A copy of some bytes into fresh memory of their own. Not `Buffer#slice`, which
 * returns a view (so a "copy" of lmdb-js's reused read buffer would change under
 * the caller); the copy starts at offset 0, aligned for any typed array.
 */
export function copyBytes(bytes: Uint8Array, start = 0, end = bytes.byteLength): Uint8Array {
  return Uint8Array.prototype.slice.call(bytes, start, end);
}
