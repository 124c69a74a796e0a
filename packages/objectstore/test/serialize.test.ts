/**
 * `serialize` / `deserialize`: the store's codec for values that travel inline,
 * with the same types, the same path errors and the same ref reporting.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  ObjectCorruptError,
  RefCodecRegistry,
  SerializationError,
  deserialize,
  newObjectId,
  serialize,
} from "@rayx/objectstore";

class Handle {
  constructor(readonly objectId: string) {}
}

describe("serialize", () => {
  test("round-trips a value with small and large typed arrays, and reports the refs inside", () => {
    const codecs = new RefCodecRegistry().register({
      name: "test.Handle",
      type: Handle,
      encode: (h) => h.objectId,
      decode: (id) => new Handle(id as string),
      objectIds: (h) => [h.objectId],
    });
    const id = newObjectId();
    const value = {
      small: new Float32Array([1, 2, 3]),
      large: new Float64Array(32 * 1024).map((_, i) => i), // 256 KiB: an external part
      when: new Date(7),
      handle: new Handle(id),
    };
    const { bytes, refs } = serialize(value, { codecs });
    assert.deepEqual(refs, [id]);
    const back = deserialize<typeof value>(bytes, { codecs });
    assert.deepEqual(back, value);
    assert.ok(back.handle instanceof Handle);
  });

  test("names the path of an unserializable argument", () => {
    assert.throws(
      () => serialize(["ok", { nested: [Symbol("s")] }], { root: "args" }),
      (error: unknown) => error instanceof SerializationError && error.path === "args[1].nested[0]",
    );
  });

  test("rejects bytes that are not a serialized value", () => {
    assert.throws(() => deserialize(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9)), ObjectCorruptError);
    const { bytes } = serialize({ a: "text" });
    assert.throws(() => deserialize(bytes.subarray(0, bytes.length - 3)), ObjectCorruptError);
  });
});
