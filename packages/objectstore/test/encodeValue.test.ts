/**
 * The value codec on its own: every structured-clone type round-trips exactly,
 * ref-like classes go through their codec and are reported, and values that cannot
 * be serialized fail with the path of the offending part.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RefCodecRegistry, SerializationError, newObjectId } from "@rayx/objectstore";
import { encodeValue } from "../src/internal/encodeValue.js";
import { decodeValue, MalformedValueError } from "../src/internal/decodeValue.js";

const roundTrip = <T>(value: T, codecs = new RefCodecRegistry()): T => {
  const { head, segments } = encodeValue(value, codecs);
  // Copy like the store does: the head lives in a reused scratch buffer.
  const copiedHead = Uint8Array.from(head);
  const copiedSegments = segments.map((s) => Uint8Array.from(s));
  return decodeValue(copiedHead, (i) => copiedSegments[i]!, codecs) as T;
};

class Ref {
  constructor(readonly id: string) {}
}
const refCodecs = (): RefCodecRegistry =>
  new RefCodecRegistry().register({
    name: "test.Ref",
    type: Ref,
    encode: (ref) => ref.id,
    decode: (id) => new Ref(id as string),
    objectIds: (ref) => [ref.id],
  });

describe("encodeValue / decodeValue", () => {
  test("round-trips primitives, including NaN, -0, ±Infinity, undefined and big integers", () => {
    const value = [
      0,
      1,
      -1,
      2 ** 31,
      -(2 ** 31) - 1,
      0.1,
      NaN,
      -0,
      Infinity,
      -Infinity,
      true,
      false,
      null,
      undefined,
      "",
      "héllo ✓ 𝄞",
      0n,
      -(2n ** 100n),
      2n ** 64n + 1n,
    ];
    const back = roundTrip(value);
    assert.equal(back.length, value.length);
    value.forEach((v, i) =>
      assert.ok(Object.is(back[i], v), `index ${i}: ${String(back[i])} is not ${String(v)}`),
    );
  });

  test("round-trips objects, arrays with holes, Map, Set, Date and RegExp", () => {
    const list: number[] = [1];
    list[2] = 3; // index 1 stays a hole
    const value = {
      nested: { deep: { list, empty: {} }, "odd key": "x" },
      map: new Map<unknown, unknown>([
        [1, "one"],
        ["two", new Set([2, "2"])],
        [{ k: 1 }, [1]],
      ]),
      date: new Date(1_700_000_000_123),
      regexp: /a+b?\//giu,
      missing: undefined,
    };
    const back = roundTrip(value);
    assert.deepEqual(back, value);
    assert.ok(!(1 in back.nested.deep.list), "a hole stays a hole");
    assert.ok("missing" in back, "an undefined property stays present");
    assert.equal(back.regexp.flags, "giu");
    assert.ok(Number.isNaN(roundTrip(new Date(NaN)).getTime()), "an invalid Date stays invalid");
  });

  test("round-trips every typed array kind, Buffer, ArrayBuffer and DataView with their element types", () => {
    const source = new Uint8Array(64).map((_, i) => i * 3);
    const value = {
      i8: new Int8Array([-128, 127]),
      u8: new Uint8Array([0, 255]),
      u8c: new Uint8ClampedArray([0, 255]),
      i16: new Int16Array([-32768, 32767]),
      u16: new Uint16Array([65535]),
      i32: new Int32Array([-(2 ** 31)]),
      u32: new Uint32Array([2 ** 32 - 1]),
      f32: new Float32Array([1.5, NaN]),
      f64: new Float64Array([Math.PI, -0]),
      bi64: new BigInt64Array([-(2n ** 63n)]),
      bu64: new BigUint64Array([2n ** 64n - 1n]),
      buffer: Buffer.from("raw bytes"),
      arrayBuffer: source.buffer.slice(8, 16),
      view: new DataView(source.buffer, 4, 8),
      subarray: new Float64Array([1, 2, 3, 4]).subarray(1, 3),
    };
    const back = roundTrip(value);
    assert.deepEqual(back, value);
    assert.ok(Buffer.isBuffer(back.buffer), "a Buffer comes back as a Buffer");
    assert.ok(back.arrayBuffer instanceof ArrayBuffer);
    assert.deepEqual([...back.subarray], [2, 3]);
  });

  test("round-trips errors with their class, name, message, stack and cause", () => {
    const custom = Object.assign(new Error("custom"), { name: "QuotaError" });
    const value = [new TypeError("bad type", { cause: new RangeError("inner") }), custom];
    const [typeError, quota] = roundTrip(value) as [TypeError, Error];
    assert.ok(typeError instanceof TypeError);
    assert.equal(typeError.message, "bad type");
    assert.equal(typeError.stack, value[0]!.stack);
    assert.ok(typeError.cause instanceof RangeError);
    assert.equal(typeError.cause.message, "inner");
    assert.equal(quota.name, "QuotaError");
    assert.equal(quota.message, "custom");
  });

  test("keeps shared references and cycles", () => {
    const shared = { n: 1 };
    const cycle: Record<string, unknown> = { shared, again: shared };
    cycle.self = cycle;
    const back = roundTrip(cycle);
    assert.equal(back.self, back);
    assert.equal(back.shared, back.again);
  });

  test("writes ref-like classes through their codec and reports the object ids they name", () => {
    const codecs = refCodecs();
    const a = newObjectId();
    const b = newObjectId();
    const value = { first: new Ref(a), list: [new Ref(b), new Ref(a)] };
    const { refs } = encodeValue(value, codecs);
    assert.deepEqual([...refs].sort(), [a, b].sort());
    const back = roundTrip(value, codecs);
    assert.ok(back.first instanceof Ref);
    assert.equal(back.list[0]!.id, b);
  });

  test("names the path of a function and says what to pass instead", () => {
    const codecs = new RefCodecRegistry();
    assert.throws(
      () => encodeValue([1, { cb: () => 1 }], codecs, "args"),
      (error: unknown) =>
        error instanceof SerializationError &&
        error.path === "args[1].cb" &&
        error.code === "SERIALIZATION_FAILED" &&
        /a function \(cb\) is not data/.test(error.message),
    );
  });

  test("names the path of a symbol inside a Map and of a class instance without a codec", () => {
    const codecs = new RefCodecRegistry();
    class Point {
      x = 1;
    }
    assert.throws(
      () => encodeValue({ m: new Map([["k", Symbol("s")]]) }, codecs),
      (error: unknown) =>
        error instanceof SerializationError && error.path === "value.m.<map value 0>",
    );
    assert.throws(
      () => encodeValue({ "odd key": [new Point()] }, codecs),
      (error: unknown) =>
        error instanceof SerializationError &&
        error.path === 'value["odd key"][0]' &&
        /class Point has no codec.*register a RefCodec for Point/.test(error.message),
    );
  });

  test("rejects truncated and unknown input as malformed", () => {
    const codecs = new RefCodecRegistry();
    const head = Uint8Array.from(encodeValue({ a: "text" }, codecs).head);
    assert.throws(
      () => decodeValue(head.subarray(0, head.length - 2), () => new Uint8Array(), codecs),
      MalformedValueError,
    );
    assert.throws(
      () => decodeValue(Uint8Array.of(200), () => new Uint8Array(), codecs),
      /unknown tag 200/,
    );
  });
});
