import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { TestContext } from "node:test";
import type { TaskInfo } from "@rayx/gcs";
import { newObjectId } from "@rayx/objectstore";
import type { TaskRequest } from "../../../src/internal/clusterClient.js";
import type { Frame } from "../../../src/internal/Frame.js";
import type { Resources } from "../../../src/internal/ResourcePool.js";
import { TaskScheduler } from "../../../src/internal/tasks/TaskScheduler.js";
import type { WorkerSlot } from "../../../src/internal/WorkerSlot.js";
import { argsOf } from "../fakes/FakeWorkerPort.js";
import { NODE, START_MS, unitRuntime } from "../fakes/unitRuntime.js";
import type { UnitRuntime } from "../fakes/unitRuntime.js";

function request(overrides: Partial<TaskRequest> = {}): TaskRequest {
  return {
    function: { module: "file:///app/tasks.ts", exportName: "add" },
    name: "add",
    args: [2, 3],
    retries: 0,
    retryExceptions: false,
    resources: {},
    ...overrides,
  };
}

interface Setup extends UnitRuntime {
  readonly tasks: TaskScheduler;
  readonly workers: UnitRuntime["workers"];
  readonly first: WorkerSlot;
  submit(request: TaskRequest): string;
  /** The task's record once the records written behind are flushed. */
  record(): Promise<TaskInfo>;
}

/** A task scheduler on fake workers (one to start with) of a node with `total`. */
function setUp(t: TestContext, total: Resources = { cpu: 2 }): Setup {
  // A worker that joins lets queued tasks run (the node manager wires the same).
  const runtime = unitRuntime(total, () => tasks.dispatch());
  const tasks = new TaskScheduler({
    objects: runtime.objects,
    gcs: runtime.gcs,
    resources: runtime.resources,
    nodeId: NODE,
    jobId: "job-1",
    clock: runtime.clock,
    leastBusy: (needs, near) =>
      (near === undefined ? undefined : runtime.workers.leastBusy("tasks", needs, near)) ??
      runtime.workers.leastBusy("tasks", needs),
    heaviest: () => undefined,
    request: (worker, frame) => runtime.workers.request(worker, frame),
    replaceWorker: (workerId) => runtime.workers.replace(workerId),
  });
  const first = runtime.addWorker();
  t.after(() => runtime.close());
  return {
    ...runtime,
    tasks,
    first,
    submit: (r) => tasks.submit(r, newObjectId()),
    async record() {
      await tasks.flushRecords();
      const [record] = await runtime.gcs.listTasks();
      assert.ok(record !== undefined, "the task is recorded");
      return record;
    },
  };
}

function valueOf(setup: Setup, resultId: string): Promise<unknown> {
  return setup.objects.value(resultId, 2_000);
}

describe("TaskScheduler", () => {
  test("runs a task on a worker and settles its result with the worker's answer", async (t) => {
    const setup = setUp(t);
    const id = setup.submit(request());
    await setup.port.until("call", 1);
    const call = setup.port.frames("call")[0] as Frame & { kind: "call" };
    assert.deepEqual(
      { target: call.target, args: argsOf(call), spanId: call.spanId },
      {
        target: { kind: "function", function: request().function },
        args: [2, 3],
        spanId: id,
      },
    );
    setup.port.reply(call, 5);
    assert.equal(await valueOf(setup, id), 5);
    const record = await setup.record();
    assert.deepEqual(
      {
        state: record.state,
        attempts: record.attempts,
        pid: record.pid,
        resultRefs: record.resultRefs,
      },
      { state: "stopped", attempts: 1, pid: setup.first.pid, resultRefs: [id] },
    );
    assert.equal(record.updatedAt, START_MS, "records read the injected clock");
  });

  test("runs a task again on another worker when its worker dies, up to retries, then fails", async (t) => {
    const setup = setUp(t);
    const id = setup.submit(request({ retries: 1 }));
    await setup.port.until("call", 1, setup.first.workerId);
    const second = setup.addWorker();

    setup.kill(setup.first);
    await setup.port.until("call", 1, second.workerId);
    assert.deepEqual(argsOf(setup.port.frames("call", second.workerId)[0] as Frame), [2, 3]);

    setup.kill(second);
    await assert.rejects(valueOf(setup, id), (error: Error) => {
      assert.equal(error.name, "TaskError");
      assert.equal((error.cause as Error).name, "WorkerDiedError");
      assert.match((error.cause as Error).message, /^worker w2 \(pid 1001\) died \(SIGKILL\)$/);
      return true;
    });
    const record = await setup.record();
    assert.deepEqual(
      { state: record.state, attempts: record.attempts, pid: record.pid },
      { state: "dead", attempts: 2, pid: second.pid },
    );
  });

  test("retries a task that threw only when retryExceptions names its error", async (t) => {
    const setup = setUp(t);
    const named = setup.submit(request({ retries: 2, retryExceptions: ["RangeError"] }));
    await setup.port.until("call", 1);
    setup.port.fail(setup.port.frames("call")[0] as Frame, new RangeError("flaky"));
    await setup.port.until("call", 2);
    setup.port.reply(setup.port.frames("call")[1] as Frame, 5);
    assert.equal(await valueOf(setup, named), 5);

    const other = setup.submit(request({ retries: 2, retryExceptions: ["RangeError"] }));
    await setup.port.until("call", 3);
    setup.port.fail(setup.port.frames("call")[2] as Frame, new TypeError("a bug"));
    await assert.rejects(valueOf(setup, other), (error: Error) => {
      assert.equal(error.name, "TaskError");
      assert.equal((error.cause as Error).message, "a bug");
      return true;
    });
    assert.equal(setup.port.frames("call").length, 3, "the TypeError was not retried");
  });

  test("pipelines tasks beyond the free cpus to the leased worker under one lease", async (t) => {
    const setup = setUp(t, { cpu: 1 });
    const second = setup.addWorker();
    const ids = [1, 2, 3].map((n) => setup.submit(request({ args: [n, n] })));
    await setup.port.until("call", 3);
    const calls = setup.port.frames("call");
    assert.deepEqual(
      setup.port.sent.filter((s) => s.frame.kind === "call").map((s) => s.workerId),
      [setup.first.workerId, setup.first.workerId, setup.first.workerId],
      `one cpu: nothing runs on ${second.workerId}`,
    );
    assert.equal(new Set(calls.map((c) => c.lease)).size, 1);
    calls.forEach((call, i) => setup.port.reply(call, (i + 1) * 2));
    assert.deepEqual(await Promise.all(ids.map((id) => valueOf(setup, id))), [2, 4, 6]);
  });

  test("a task that needs more than the node has fails at submit, naming what it asked", (t) => {
    const setup = setUp(t, { cpu: 2 });
    assert.throws(
      () => setup.submit(request({ resources: { gpu: 1 } })),
      (error: Error) => {
        assert.match(error.message, /task add/);
        assert.match(error.message, /gpu/);
        return true;
      },
    );
    assert.equal(setup.port.frames("call").length, 0);
  });

  test("cancel of a task waiting for resources rejects with TaskCancelledError and never runs it", async (t) => {
    const setup = setUp(t, { cpu: 1 });
    const running = setup.submit(request({ resources: { cpu: 1 } }));
    const waiting = setup.submit(request({ resources: { cpu: 1, memory: 0 } }));
    await setup.port.until("call", 1);
    await setup.tasks.cancel(waiting, false);
    await assert.rejects(valueOf(setup, waiting), { name: "TaskCancelledError" });
    setup.port.reply(setup.port.frames("call")[0] as Frame, 4);
    assert.equal(await valueOf(setup, running), 4);
    assert.equal(setup.port.frames("call").length, 1, "the cancelled task never ran");
  });
});
