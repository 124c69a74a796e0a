import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  InvalidArgumentError,
  ObjectRef,
  RuntimeStateError,
  get,
  init,
  put,
  spawn,
} from "@rayx/core";
import { Counter } from "./fixtures/actors.js";
import { square } from "./fixtures/tasks.js";

describe("the API before init()", () => {
  it("refuses every call with RuntimeStateError naming init()", async () => {
    assert.throws(() => put(1), RuntimeStateError);
    assert.throws(() => square.remote(2), /call `await init\(\)` first/);
    await assert.rejects(spawn(Counter), RuntimeStateError);
    await assert.rejects(get(new ObjectRef("0".repeat(40))), RuntimeStateError);
  });

  it("refuses an address until joining a cluster is supported, naming the address", async () => {
    await assert.rejects(
      init({ address: "ws://10.0.0.1:6379" }),
      (error: unknown) =>
        error instanceof InvalidArgumentError &&
        /ws:\/\/10\.0\.0\.1:6379.*not supported yet/.test(error.message),
    );
  });

  it("runs a remote function locally when called directly", () => {
    assert.equal(square(3), 9);
  });
});
