import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ObjectRef } from "@rayx/core";
import {
  decodeValue,
  encodeValue,
  encodeWithHead,
  refIdsIn,
} from "../../src/internal/wireCodec.js";

const a = "a".repeat(40);
const b = "b".repeat(40);
const c = "c".repeat(40);

describe("wireCodec refs", () => {
  it("collects the id of every ref it encodes, nested ones too", () => {
    const refs: string[] = [];
    encodeValue([new ObjectRef(a), { deep: [new Map([["k", new ObjectRef(b)]])] }], "args", refs);
    assert.deepEqual(refs, [a, b]);
  });

  it("finds the refs inside encoded bytes: in arrays, objects, Map keys and values, Sets", () => {
    const value = {
      list: [new ObjectRef(a)],
      map: new Map<unknown, unknown>([[new ObjectRef(b), 1]]),
      set: new Set([new ObjectRef(c)]),
    };
    assert.deepEqual(refIdsIn(encodeValue(value)).sort(), [a, b, c]);
  });

  it("finds none in values without refs, however large", () => {
    assert.deepEqual(refIdsIn(encodeValue({ n: 1, s: "\u0000rayx" })), []);
    assert.deepEqual(refIdsIn(encodeValue(new Float64Array(100_000))), []);
    assert.deepEqual(refIdsIn(encodeValue(undefined)), []);
  });
});

describe("wireCodec encodeWithHead", () => {
  it("decodes as the head followed by the value, refs revived and collected", () => {
    const refs: string[] = [];
    const bytes = encodeWithHead(["actor-1", "add", c], [new ObjectRef(a), 2], "args", refs);
    const [actorId, method, id, args] = decodeValue(bytes) as [string, string, string, unknown[]];
    assert.deepEqual([actorId, method, id], ["actor-1", "add", c]);
    assert.ok(args[0] instanceof ObjectRef);
    assert.equal(args[0].id, a);
    assert.equal(args[1], 2);
    assert.deepEqual(refs, [a]);
  });

  it("names a bad part of the value by its root", () => {
    assert.throws(() => encodeWithHead(["actor-1"], [1, { cb: () => 1 }], "args"), {
      name: "SerializationError",
      message: /args\[1\]\.cb/,
    });
  });
});
