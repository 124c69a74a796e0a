/**
 * The Effect face on a real runtime: `RayxLive` starts and always stops it, tasks
 * and actor calls run through it, and rayx errors arrive as typed failures.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { state } from "@rayx/core";
import type { ObjectRef } from "@rayx/core";
import {
  Rayx,
  RayxLive,
  call,
  cancel,
  get,
  getActor,
  put,
  remote,
  spawn,
  spawnScoped,
  inspect,
} from "@rayx/core/effect";
import { setTimeout as delay } from "node:timers/promises";
import { Cause, Effect, Exit, ManagedRuntime, Option, Result } from "effect";
import { Tally, idle, linger, refuse, triple } from "../fixtures/effectWork.js";
import { isAlive, waitFor } from "../fixtures/processes.js";

const storageDir = mkdtempSync(join(tmpdir(), "rayx-effect-"));
const options = { numWorkers: 2, storageDir };

after(() => {
  rmSync(storageDir, { recursive: true, force: true });
});

describe("RayxLive", () => {
  it("runs tasks and actor calls of a provided program, then shuts the runtime down", async () => {
    const program = Effect.gen(function* () {
      const runtime = yield* Rayx;
      const tripled = yield* remote(triple, 7);
      const stored = yield* put(5);
      const fromRef = yield* remote(triple, stored);
      const tally = yield* spawn(Tally);
      yield* call(() => tally.add(2));
      const total = yield* call(() => tally.add(3));
      return { tripled, fromRef, total, pids: runtime.workerPids() };
    });
    const result = await Effect.runPromise(Effect.provide(program, RayxLive(options)));
    assert.deepEqual(
      { tripled: result.tripled, fromRef: result.fromRef, total: result.total },
      { tripled: 21, fromRef: 15, total: 5 },
    );
    assert.equal(result.pids.length, 2);
    await waitFor(() => result.pids.every((pid) => !isAlive(pid)), "the workers to exit");
  });

  it("shuts the runtime down when the program fails", async () => {
    let pids: number[] = [];
    const program = Effect.gen(function* () {
      pids = (yield* Rayx).workerPids();
      return yield* remote(refuse, "no");
    });
    const exit = await Effect.runPromiseExit(Effect.provide(program, RayxLive(options)));
    assert.equal(Exit.isFailure(exit), true);
    assert.equal(pids.length, 2);
    await waitFor(() => pids.every((pid) => !isAlive(pid)), "the workers to exit");
  });
});

describe("typed failures", () => {
  let runtime: ManagedRuntime.ManagedRuntime<Rayx, unknown>;

  before(() => {
    runtime = ManagedRuntime.make(RayxLive(options));
  });

  after(async () => {
    await runtime.dispose();
  });

  it("surfaces a throwing task as a TaskError failure carrying the remote error", async () => {
    const result = await runtime.runPromise(Effect.result(remote(refuse, "too big")));
    assert.ok(Result.isFailure(result));
    assert.equal(result.failure._tag, "TaskError");
    const cause = result.failure.cause as Error;
    assert.deepEqual([cause.name, cause.message], ["RangeError", "too big"]);
  });

  it("lets catchTag recover from a TaskError by its name", async () => {
    const recovered = await runtime.runPromise(
      remote(refuse, "nope").pipe(
        Effect.catchTag("TaskError", (error) => Effect.succeed(`caught ${error.what}`)),
      ),
    );
    assert.equal(recovered, "caught task refuse");
  });

  it("fails a get past its timeout with GetTimeoutError", async () => {
    const program = Effect.gen(function* () {
      const ref = yield* Effect.sync(() => linger.remote(3_000));
      const error = yield* Effect.flip(get(ref, { timeoutMs: 50 }));
      yield* cancel(ref, { force: true });
      return error;
    });
    const error = await runtime.runPromise(program);
    assert.equal(error._tag, "GetTimeoutError");
    assert.equal(error.timeoutMs, 50);
  });

  it("fails getActor of an unknown name with ActorNotFoundError", async () => {
    const error = await runtime.runPromise(Effect.flip(getActor("nobody-here")));
    assert.equal(error._tag, "ActorNotFoundError");
    assert.equal(error.actorName, "nobody-here");
  });

  it("turns misuse into a defect, not a typed failure", async () => {
    const notARef = { id: "x" } as unknown as ObjectRef<number>;
    const exit = await runtime.runPromiseExit(get(notARef));
    assert.ok(Exit.isFailure(exit));
    assert.equal(Cause.hasFails(exit.cause), false);
    assert.equal((Cause.squash(exit.cause) as Error).name, "InvalidArgumentError");
  });

  it("kills an actor of spawnScoped when its scope closes", async () => {
    const program = Effect.gen(function* () {
      const handle = yield* Effect.scoped(
        Effect.gen(function* () {
          const tally = yield* spawnScoped(Tally, [], { name: "scoped-tally" });
          assert.equal(yield* call(() => tally.add(4)), 4);
          return tally;
        }),
      );
      return yield* inspect(handle);
    });
    const info = await runtime.runPromise(program);
    assert.equal(info.state, "dead");
  });

  it("cancels the task of an interrupted remote", async () => {
    const outcome = await runtime.runPromise(
      remote(idle, 5_000).pipe(Effect.timeoutOption("50 millis")),
    );
    assert.ok(Option.isNone(outcome));
    const deadline = Date.now() + 5_000;
    let states: string[] = [];
    while (Date.now() < deadline) {
      states = (await state.listTasks({ functionName: "idle" })).map((task) => task.state);
      if (states[0] === "dead") break;
      await delay(20);
    }
    assert.deepEqual(states, ["dead"]);
  });

  it("cancels nothing when a get is interrupted: the task still delivers", async () => {
    const ref = linger.remote(300);
    const outcome = await runtime.runPromise(get(ref).pipe(Effect.timeoutOption("20 millis")));
    assert.ok(Option.isNone(outcome));
    assert.equal(await runtime.runPromise(get(ref)), 300);
  });
});
