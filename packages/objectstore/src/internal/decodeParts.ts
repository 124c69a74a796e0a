/**
 * Decodes an object from its stored parts (record, then external segments), the
 * form it has in LMDB, in spill files, on the wire and in `serialize`'s output.
 * Inline segments are copied out of the record (which may live in lmdb-js's reused
 * read buffer); external segments are used as given (views stay views).
 */
import type { RefCodecRegistry } from "../RefCodecRegistry.js";
import { copyBytes } from "./copyBytes.js";
import { decodeValue, MalformedValueError } from "./decodeValue.js";
import type { ParsedRecord } from "./ObjectRecord.js";

/**
 * `onBinary` sees each binary value built from a segment, with the index of the
 * part it came from (0 for the record).
 * @throws MalformedValueError
 */
export function decodeParts(
  { head, segments }: ParsedRecord,
  parts: readonly Uint8Array[],
  codecs: RefCodecRegistry,
  onBinary?: (part: number, value: object) => void,
): unknown {
  const record = parts[0]!;
  return decodeValue(
    head,
    (index) => {
      const entry = segments[index];
      if (!entry) throw new MalformedValueError(`segment ${index} is not in the record`);
      if (!entry.external) return copyBytes(record, entry.offset, entry.offset + entry.byteLength);
      const part = parts[entry.offset + 1];
      if (part?.byteLength !== entry.byteLength)
        throw new MalformedValueError(`external segment ${entry.offset} has the wrong length`);
      return part;
    },
    codecs,
    onBinary &&
      ((index, value) =>
        onBinary(segments[index]!.external ? segments[index]!.offset + 1 : 0, value)),
  );
}
