/**
 * How argument lists and results become the opaque `args`/`bytes` of call frames
 * until the object store's serializer takes over: V8's structured-clone format,
 * which is what DESIGN.md promises values support (no functions, no symbols).
 */
import { deserialize, serialize } from "node:v8";

export const valueCodec = {
  encode(value: unknown): Uint8Array {
    return serialize(value);
  },
  decode(bytes: Uint8Array): unknown {
    return deserialize(bytes);
  },
};
