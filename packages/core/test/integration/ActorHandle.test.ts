/** Actor handles over the embedded cluster: refs as method arguments resolve to their values before the call runs. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TaskError, get, put, spawn } from "@rayx/core";
import { Counter } from "../fixtures/actors.js";
import { fail, square } from "../fixtures/tasks.js";
import { useRuntime } from "../fixtures/runtime.js";

useRuntime("handle");

describe("ActorHandle", () => {
  it("passes a ref argument's value to the method: a put, a task's result, another call's result", async () => {
    const counter = await spawn(Counter);
    assert.equal(await counter.add(put(2)), 2);
    assert.equal(await counter.add(square.remote(3)), 11);
    assert.equal(await counter.add(counter.add(1)), 24);
    assert.equal(await counter.read(), 24);
  });

  it("rejects the call with the ref's error when the ref failed, and leaves the actor as it was", async () => {
    const counter = await spawn(Counter, [5]);
    await assert.rejects(
      get(counter.add(fail.remote("no number"))),
      (error: unknown) => error instanceof TaskError && /no number/.test(error.message),
    );
    assert.equal(await counter.read(), 5);
  });
});
