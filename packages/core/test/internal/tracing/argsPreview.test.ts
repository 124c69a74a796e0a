/** argsPreview: scalars as written, strings quoted and cut, containers by size, refs and handles by id. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ObjectRef } from "../../../src/ObjectRef.js";
import { argsPreview, MAX_PREVIEW } from "../../../src/internal/tracing/argsPreview.js";

test("shows scalars as written and strings quoted", () => {
  assert.equal(argsPreview("increment", [5]), "increment(5)");
  assert.equal(
    argsPreview("f", [true, null, undefined, 3n, -0.5]),
    "f(true, null, undefined, 3n, -0.5)",
  );
  assert.equal(argsPreview("put", ["k", 'say "hi"']), 'put("k", "say \\"hi\\"")');
  assert.equal(argsPreview("none", []), "none()");
});

test("shows containers by their size only, never what is inside", () => {
  assert.equal(argsPreview("put", ["k", { a: 1, b: 2, c: "secret" }]), 'put("k", {…3 keys})');
  assert.equal(argsPreview("f", [{ one: 1 }, [1, 2, 3, 4]]), "f({…1 key}, […4])");
  assert.equal(
    argsPreview("f", [new Map([[1, 2]]), new Set([1, 2]), new Float64Array(8), new ArrayBuffer(3)]),
    "f(Map(1), Set(2), Float64Array(64), ArrayBuffer(3))",
  );
  assert.equal(argsPreview("f", [new RangeError("bad")]), 'f(RangeError("bad"))');
});

test("shows refs and handles by id", () => {
  const ref = Object.create(ObjectRef.prototype, {
    id: { value: "0123456789abcdef" },
  }) as ObjectRef;
  const handle = { actorId: "actor-7", className: "Counter" };
  assert.equal(argsPreview("f", [ref, handle]), "f(ref(01234567), Counter(actor-7))");
});

test("cuts long strings and the whole preview with …", () => {
  assert.equal(argsPreview("f", ["x".repeat(30)]), `f("${"x".repeat(24)}…")`);
  const long = argsPreview(
    "f",
    Array.from({ length: 40 }, (_, i) => i),
  );
  assert.equal(long.length, MAX_PREVIEW);
  assert.ok(long.endsWith("…") && long.startsWith("f(0, 1, 2"));
});
