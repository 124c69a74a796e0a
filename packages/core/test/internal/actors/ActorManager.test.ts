import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { TestContext } from "node:test";
import { MailboxFullError } from "@rayx/actors";
import type { Supervisor } from "@rayx/actors";
import { actorExitReason } from "../../../src/internal/actorExit.js";
import { ActorManager } from "../../../src/internal/actors/ActorManager.js";
import type { SpawnRequest } from "../../../src/internal/clusterClient.js";
import type { Frame } from "../../../src/internal/Frame.js";
import { startRootSupervisor } from "../../../src/internal/supervision/startRootSupervisor.js";
import type { WorkerSlot } from "../../../src/internal/WorkerSlot.js";
import { argsOf } from "../fakes/FakeWorkerPort.js";
import { NODE, START_MS, unitRuntime } from "../fakes/unitRuntime.js";
import type { UnitRuntime } from "../fakes/unitRuntime.js";

function request(overrides: Partial<SpawnRequest> = {}): SpawnRequest {
  return {
    actorClass: { module: "file:///app/counter.ts", exportName: "Counter" },
    className: "Counter",
    methods: ["add", "read"],
    readonlyMethods: ["read"],
    args: [0],
    getIfExists: false,
    detached: false,
    maxRestarts: 3,
    maxTaskRetries: 0,
    snapshotEvery: 100,
    maxConcurrency: 1,
    mailbox: { capacity: Infinity, overflow: "reject" },
    overrides: {},
    resources: {},
    isolate: false,
    ...overrides,
  };
}

interface Setup extends UnitRuntime {
  readonly manager: ActorManager;
  readonly first: WorkerSlot;
}

/** An actor manager on one fake worker; spawns are answered at once unless `holdSpawns`. */
async function setUp(t: TestContext, holdSpawns = false): Promise<Setup> {
  const runtime = unitRuntime({ cpu: 2 });
  if (!holdSpawns) runtime.port.autoReply.add("spawnActor");
  const first = runtime.addWorker();
  const roots: Supervisor[] = await Promise.all([
    startRootSupervisor(runtime.gcs, "job-1/root", true),
    startRootSupervisor(runtime.gcs, `${NODE}/cluster`, true),
  ]);
  const [job, cluster] = roots as [Supervisor, Supervisor];
  let stopping = false;
  const manager = new ActorManager({
    nodeId: NODE,
    namespace: "default",
    jobId: "job-1",
    gcs: runtime.gcs,
    objects: runtime.objects,
    workers: runtime.workers,
    resources: runtime.resources,
    clock: runtime.clock,
    roots: () => ({ job, cluster }),
    stopped: () => stopping,
    freed: () => undefined,
  });
  // A worker answers an exit frame (its supervisor stopping the actor) by the actor's exit.
  runtime.port.onFrame = (workerId, frame) => {
    const worker = runtime.workers.get(workerId);
    if (frame.kind === "exit" && worker !== undefined) {
      manager.exitedOn(worker, frame.subjectId, actorExitReason(frame));
    }
  };
  t.after(async () => {
    stopping = true;
    runtime.workers.wake();
    await Promise.all(roots.map((root) => root.stop().catch(() => undefined)));
    await runtime.close();
  });
  return { ...runtime, manager, first };
}

/** The value (or the error) the result object of a call settles with. */
function valueOf(setup: Setup, resultId: string): Promise<unknown> {
  return setup.objects.value(resultId, 2_000);
}

function callsOn(setup: Setup, workerId: string): [string, unknown, string | undefined][] {
  return setup.port
    .frames("call", workerId)
    .map((frame) => [frame.method, argsOf(frame), frame.delivery]);
}

describe("ActorManager", () => {
  test("delivers calls made while the actor starts, in order, once it is alive", async (t) => {
    const setup = await setUp(t, true);
    const spawning = setup.manager.spawn(request());
    await setup.port.until("spawnActor", 1);
    const spawn = setup.port.frames("spawnActor")[0] as Frame & { kind: "spawnActor" };
    const ids = [1, 2, 3].map((n) => setup.manager.callActor(spawn.actorId, "add", [n]));
    assert.equal(setup.port.frames("call").length, 0, "no call goes before the actor is alive");

    setup.port.reply(spawn, undefined);
    const address = await spawning;
    assert.deepEqual(address, {
      actorId: spawn.actorId,
      className: "Counter",
      methods: ["add", "read"],
    });
    await setup.port.until("call", 3);
    assert.deepEqual(callsOn(setup, "w1"), [
      ["add", [1], undefined],
      ["add", [2], undefined],
      ["add", [3], undefined],
    ]);
    const calls = setup.port.frames("call");
    calls.forEach((frame, i) => setup.port.reply(frame, [1, 3, 6][i]));
    assert.deepEqual(await Promise.all(ids.map((id) => valueOf(setup, id))), [1, 3, 6]);

    const record = await setup.gcs.getActor(spawn.actorId);
    assert.equal(record?.state, "alive");
    assert.equal(record?.pid, setup.first.pid);
    assert.equal(record?.supervisorId, "job-1/root");
    assert.equal(record?.updatedAt, START_MS, "records read the injected clock");
  });

  test("keeps at most snapshotEvery calls in flight and sends the next as each is answered", async (t) => {
    const setup = await setUp(t);
    const { actorId } = await setup.manager.spawn(request({ snapshotEvery: 2 }));
    const ids = [1, 2, 3].map((n) => setup.manager.callActor(actorId, "add", [n]));
    await setup.port.until("call", 2);
    assert.equal(setup.port.frames("call").length, 2);

    setup.port.reply(setup.port.frames("call")[0] as Frame, 1);
    await setup.port.until("call", 3);
    assert.deepEqual(
      callsOn(setup, "w1").map(([, args]) => args),
      [[1], [2], [3]],
    );
    setup.port.reply(setup.port.frames("call")[1] as Frame, 3);
    setup.port.reply(setup.port.frames("call")[2] as Frame, 6);
    assert.deepEqual(await Promise.all(ids.map((id) => valueOf(setup, id))), [1, 3, 6]);
  });

  test("a full mailbox refuses a call with MailboxFullError; one that has room is queued and sent", async (t) => {
    const setup = await setUp(t);
    const mailbox = { capacity: 2, overflow: "reject" } as const;
    const { actorId } = await setup.manager.spawn(request({ mailbox }));
    const ids = [1, 2, 3, 4, 5].map((n) => setup.manager.callActor(actorId, "add", [n]));
    await setup.port.until("call", 2);
    const refused = await Promise.all(
      ids.slice(3).map((id) => valueOf(setup, id).catch((error: unknown) => error)),
    );
    for (const error of refused) {
      assert.ok(error instanceof MailboxFullError);
      assert.equal(error.capacity, 2);
    }
    setup.port.reply(setup.port.frames("call")[0] as Frame, 1);
    await setup.port.until("call", 3);
    const sixth = setup.manager.callActor(actorId, "add", [6]);
    setup.port.fail(setup.port.frames("call")[1] as Frame, new MailboxFullError(actorId, 2));
    assert.ok(
      (await valueOf(setup, ids[1] as string).catch((error: unknown) => error)) instanceof
        MailboxFullError,
    );
    await setup.port.until("call", 4);
    assert.deepEqual(
      callsOn(setup, "w1").map(([, args]) => args),
      [[1], [2], [3], [6]],
    );
    setup.port.reply(setup.port.frames("call")[2] as Frame, 4);
    setup.port.reply(setup.port.frames("call")[3] as Frame, 10);
    const values = await Promise.all(
      [ids[0], ids[2], sixth].map((id) => valueOf(setup, id as string)),
    );
    assert.deepEqual(values, [1, 4, 10]);
  });

  test("under backpressure a call past the mailbox waits and is sent once one is answered", async (t) => {
    const setup = await setUp(t);
    const mailbox = { capacity: 1, overflow: "backpressure" } as const;
    const { actorId } = await setup.manager.spawn(request({ mailbox }));
    const ids = [1, 2, 3].map((n) => setup.manager.callActor(actorId, "add", [n]));
    await setup.port.until("call", 1);
    assert.equal(setup.port.frames("call").length, 1);
    setup.port.reply(setup.port.frames("call")[0] as Frame, 1);
    await setup.port.until("call", 2);
    setup.port.reply(setup.port.frames("call")[1] as Frame, 3);
    await setup.port.until("call", 3);
    setup.port.reply(setup.port.frames("call")[2] as Frame, 6);
    assert.deepEqual(await Promise.all(ids.map((id) => valueOf(setup, id))), [1, 3, 6]);
  });

  test("rebuilds the actors of a worker that died on another and redelivers the call in flight", async (t) => {
    const setup = await setUp(t);
    const { actorId } = await setup.manager.spawn(request({ maxTaskRetries: 1 }));
    const id = setup.manager.callActor(actorId, "add", [5]);
    await setup.port.until("call", 1, "w1");
    const second = setup.addWorker();

    setup.manager.workerDied(setup.first, setup.kill(setup.first));
    await setup.port.until("spawnActor", 1, second.workerId);
    const respawn = setup.port.frames("spawnActor", second.workerId)[0] as Frame;
    assert.deepEqual(
      {
        restart: (argsOf(respawn) as { restart: boolean }).restart,
        redelivered: (argsOf(respawn) as { redelivered: string[] }).redelivered,
      },
      { restart: true, redelivered: [id] },
    );
    await setup.port.until("call", 1, second.workerId);
    assert.deepEqual(callsOn(setup, second.workerId), [["add", [5], "retry"]]);
    setup.port.reply(setup.port.frames("call", second.workerId)[0] as Frame, 5);
    assert.equal(await valueOf(setup, id), 5);

    const record = await setup.gcs.getActor(actorId);
    assert.deepEqual(
      { state: record?.state, restarts: record?.restarts, pid: record?.pid },
      { state: "alive", restarts: 1, pid: second.pid },
    );
    assert.match(
      record?.lastError ?? "",
      /^WorkerDiedError: worker w1 \(pid 1000\) died \(SIGKILL\)$/,
    );
  });

  test("sends a call out of retries as a probe, and a probe the rebuild did not apply rejects with ActorDiedError", async (t) => {
    const setup = await setUp(t);
    const { actorId } = await setup.manager.spawn(request({ maxTaskRetries: 0 }));
    const id = setup.manager.callActor(actorId, "add", [5]);
    await setup.port.until("call", 1, "w1");
    const second = setup.addWorker();

    setup.manager.workerDied(setup.first, setup.kill(setup.first));
    await setup.port.until("call", 1, second.workerId);
    assert.deepEqual(callsOn(setup, second.workerId), [["add", [5], "probe"]]);
    const notApplied = Object.assign(new Error("not in the log"), { name: "CallNotAppliedError" });
    setup.port.fail(setup.port.frames("call", second.workerId)[0] as Frame, notApplied);
    await assert.rejects(valueOf(setup, id), (error: Error) => {
      assert.equal(error.name, "ActorDiedError");
      assert.match(error.message, /exited under this call .* the actor was rebuilt/);
      return true;
    });
  });

  test("an actor out of restarts is dead: its lost call's outcome is unknown and later calls reject", async (t) => {
    const setup = await setUp(t);
    const { actorId } = await setup.manager.spawn(request({ maxRestarts: 0 }));
    const lost = setup.manager.callActor(actorId, "add", [5]);
    await setup.port.until("call", 1, "w1");
    setup.addWorker();

    setup.manager.workerDied(setup.first, setup.kill(setup.first));
    await assert.rejects(valueOf(setup, lost), { name: "CallOutcomeUnknownError" });
    const later = setup.manager.callActor(actorId, "add", [6]);
    await assert.rejects(valueOf(setup, later), (error: Error) => {
      assert.equal(error.name, "ActorDiedError");
      assert.match(error.message, /restarts exhausted \(0 of maxRestarts 0\); see `rayx inspect/);
      return true;
    });
    const record = await setup.gcs.getActor(actorId);
    assert.deepEqual(
      { state: record?.state, restarts: record?.restarts, lastError: record?.lastError },
      { state: "dead", restarts: 0, lastError: "restarts exhausted (0 of maxRestarts 0)" },
    );
    assert.equal(setup.port.frames("spawnActor").length, 1, "no rebuild was started");
  });

  test("resolves names, refuses a taken one, and frees it when the actor is killed", async (t) => {
    const setup = await setUp(t);
    const { actorId } = await setup.manager.spawn(request({ name: "counter" }));
    assert.equal((await setup.manager.lookupActor("counter")).actorId, actorId);
    await assert.rejects(setup.manager.lookupActor("counter", "other"), {
      name: "ActorNotFoundError",
    });
    await assert.rejects(setup.manager.spawn(request({ name: "counter" })), {
      name: "ActorNameTakenError",
    });
    const again = await setup.manager.spawn(request({ name: "counter", getIfExists: true }));
    assert.equal(again.actorId, actorId);
    assert.equal(setup.port.frames("spawnActor").length, 1, "getIfExists started nothing");

    await setup.manager.kill(actorId, true);
    await assert.rejects(setup.manager.lookupActor("counter"), { name: "ActorNotFoundError" });
    const record = await setup.gcs.getActor(actorId);
    assert.deepEqual(
      { state: record?.state, lastError: record?.lastError },
      { state: "dead", lastError: "killed by kill()" },
    );
    const fresh = await setup.manager.spawn(request({ name: "counter" }));
    assert.notEqual(fresh.actorId, actorId);
    assert.equal((await setup.manager.lookupActor("counter")).actorId, fresh.actorId);
  });

  test("a call that crashed its actor gets its own error, and the rebuild takes the next calls", async (t) => {
    const setup = await setUp(t);
    const { actorId } = await setup.manager.spawn(request());
    const failing = setup.manager.callActor(actorId, "add", [-1]);
    await setup.port.until("call", 1);
    const boom = new RangeError("negative");
    setup.port.fail(setup.port.frames("call")[0] as Frame, boom);
    setup.manager.exitedOn(setup.first, actorId, { error: boom });
    await assert.rejects(valueOf(setup, failing), (error: Error) => {
      assert.equal(error.name, "TaskError");
      assert.equal((error.cause as Error).message, "negative");
      return true;
    });
    await setup.port.until("spawnActor", 2);
    const next = setup.manager.callActor(actorId, "add", [2]);
    await setup.port.until("call", 2);
    setup.port.reply(setup.port.frames("call")[1] as Frame, 2);
    assert.equal(await valueOf(setup, next), 2);
    const record = await setup.gcs.getActor(actorId);
    assert.deepEqual(
      { state: record?.state, restarts: record?.restarts, lastError: record?.lastError },
      { state: "alive", restarts: 1, lastError: "RangeError: negative" },
    );
  });
});
