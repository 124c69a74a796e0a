/**
 * The byte tags of the value codec's structure stream ("head") and the kinds of
 * binary segments. Shared by `encodeValue` and `decodeValue`; changing a number
 * changes the stored format (bump `RECORD_VERSION` in `ObjectRecord`).
 */

export const Tag = {
  Undefined: 0,
  Null: 1,
  False: 2,
  True: 3,
  Int32: 4,
  Float64: 5,
  String: 6,
  BigInt: 7,
  Array: 8,
  Hole: 9,
  Object: 10,
  Map: 11,
  Set: 12,
  Date: 13,
  RegExp: 14,
  Error: 15,
  Binary: 16,
  Ref: 17,
  BackRef: 18,
} as const;

/** What a binary segment is read back as. Typed arrays keep their element type. */
export const BinaryKind = {
  Int8Array: 0,
  Uint8Array: 1,
  Uint8ClampedArray: 2,
  Int16Array: 3,
  Uint16Array: 4,
  Int32Array: 5,
  Uint32Array: 6,
  Float32Array: 7,
  Float64Array: 8,
  BigInt64Array: 9,
  BigUint64Array: 10,
  Buffer: 11,
  ArrayBuffer: 12,
  DataView: 13,
} as const;

type TypedArrayConstructor =
  | Int8ArrayConstructor
  | Uint8ArrayConstructor
  | Uint8ClampedArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | BigInt64ArrayConstructor
  | BigUint64ArrayConstructor;

/** Typed-array constructors indexed by their `BinaryKind`. */
export const TYPED_ARRAYS: readonly TypedArrayConstructor[] = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
];

/** Error classes rebuilt by name; any other name comes back as an `Error` with that `name`. */
export const ERROR_TYPES: Readonly<Record<string, ErrorConstructor>> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};
