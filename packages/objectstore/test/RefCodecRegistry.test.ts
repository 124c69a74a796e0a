/**
 * The registry of ref-like classes: looked up by class (subclasses included) and by
 * name, each registered once, and typed so that generic classes like `ObjectRef<T>`
 * give `encode` a typed argument (`npm run lint` type-checks this file).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RefCodecRegistry, deserialize, serialize } from "@rayx/objectstore";

class Ref<T = unknown> implements PromiseLike<T> {
  constructor(readonly id: string) {}
  then<A = T, B = never>(): PromiseLike<A | B> {
    throw new Error("not awaited in this test");
  }
}
class NamedRef extends Ref {
  readonly label = "named";
}

const registry = (): RefCodecRegistry =>
  new RefCodecRegistry().register({
    name: "test.Ref",
    type: Ref,
    encode: (ref) => ref.id, // `ref` is a Ref: this line type-checks only if inference works
    decode: (id) => new Ref(id as string),
    objectIds: (ref) => [ref.id],
  });

describe("RefCodecRegistry", () => {
  test("finds the codec of a class and of its subclasses", () => {
    const codecs = registry();
    assert.equal(codecs.forPrototype(Ref.prototype)?.name, "test.Ref");
    assert.equal(codecs.forPrototype(NamedRef.prototype)?.name, "test.Ref");
    assert.equal(codecs.forPrototype(Map.prototype), undefined);
    assert.equal(codecs.forName("test.Ref")?.name, "test.Ref");
  });

  test("round-trips instances of a generic class through its codec", () => {
    const codecs = registry();
    const back = deserialize<Ref[]>(
      serialize([new Ref("a"), new NamedRef("b")], { codecs }).bytes,
      {
        codecs,
      },
    );
    assert.ok(back.every((ref) => ref instanceof Ref));
    assert.deepEqual(
      back.map((ref) => ref.id),
      ["a", "b"],
    );
  });

  test("refuses a second codec for the same name or the same class", () => {
    const codecs = registry();
    assert.throws(
      () =>
        codecs.register({ name: "test.Ref", type: Map, encode: () => 1, decode: () => new Map() }),
      /named "test.Ref" is already registered/,
    );
    assert.throws(
      () =>
        codecs.register({ name: "other", type: Ref, encode: () => 1, decode: () => new Ref("x") }),
      /class Ref already has a RefCodec/,
    );
  });
});
