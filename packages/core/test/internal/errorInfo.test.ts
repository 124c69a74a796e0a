import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ActorDiedError } from "@rayx/actors";
import { ModuleLoadError, TaskError } from "../../src/errors.js";
import { errorFromInfo, errorInfoOf } from "../../src/internal/errorInfo.js";

describe("errorInfo", () => {
  test("keeps name, code, message, stack and the cause chain across a round trip", () => {
    const inner = new ModuleLoadError("file:///m.ts", "no such file");
    const outer = new TypeError("wrapped", { cause: inner });
    const info = errorInfoOf(outer);
    assert.deepEqual(
      [info.name, info.code, info.message, info.cause?.name, info.cause?.code],
      ["TypeError", "", "wrapped", "ModuleLoadError", "CORE_MODULE_LOAD"],
    );
    const rebuilt = errorFromInfo(info);
    assert.equal(rebuilt.name, "TypeError");
    assert.equal(rebuilt.message, "wrapped");
    assert.equal(rebuilt.stack, outer.stack);
    assert.equal((rebuilt.cause as Error & { code: string }).code, "CORE_MODULE_LOAD");
    assert.equal((rebuilt.cause as Error).stack, inner.stack);
  });

  test("describes a thrown non-Error value", () => {
    assert.deepEqual(errorInfoOf({ reason: "nope" }), {
      name: "Error",
      code: "",
      message: "non-Error thrown: { reason: 'nope' }",
      stack: "",
    });
  });

  test("rebuilds a public rayx error as an instance of its class, other errors as Error", () => {
    const died = errorFromInfo(errorInfoOf(new ActorDiedError("a-1", "killed")));
    assert.ok(died instanceof ActorDiedError);
    assert.equal(died.name, "ActorDiedError");
    assert.equal(died.code, "RAYX_ACTOR_DIED");
    assert.match(died.message, /actor 'a-1' is dead/);
    const failed = errorFromInfo(errorInfoOf(new TaskError("f", new RangeError("no"))));
    assert.ok(failed instanceof TaskError);
    assert.equal((failed.cause as Error).name, "RangeError");
    const internal = errorFromInfo(errorInfoOf(new ModuleLoadError("file:///m.ts", "gone")));
    assert.equal(Object.getPrototypeOf(internal), Error.prototype);
    assert.equal(internal.name, "ModuleLoadError");
  });

  test("cuts a cyclic cause chain", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    a.cause = b;
    let depth = 0;
    for (let info = errorInfoOf(a); info.cause; info = info.cause) depth++;
    assert.equal(depth, 8);
  });
});
