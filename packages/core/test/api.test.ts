import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ClusterConnectionError,
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

  it("refuses an address that is not a head's ws:// URL, or where no head answers, naming it", async () => {
    await assert.rejects(
      init({ address: "10.0.0.1:6379" }),
      (error: unknown) =>
        error instanceof InvalidArgumentError &&
        /address '10\.0\.0\.1:6379' is not a ws:\/\/ URL of a head node/.test(error.message),
    );
    await assert.rejects(
      init({ address: "ws://127.0.0.1:1" }),
      (error: unknown) =>
        error instanceof ClusterConnectionError &&
        /rayx head at ws:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/.test(error.message),
    );
  });

  it("runs a remote function locally when called directly", () => {
    assert.equal(square(3), 9);
  });
});
