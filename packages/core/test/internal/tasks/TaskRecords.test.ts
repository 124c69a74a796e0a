import assert from "node:assert/strict";
import { setTimeout as delay } from "node:timers/promises";
import { describe, it } from "node:test";
import { Gcs, createMemoryStore } from "@rayx/gcs";
import type { LifecycleEvent, TaskInfo } from "@rayx/gcs";
import { TaskRecords } from "../../../src/internal/tasks/TaskRecords.js";

/** Longer than any test here runs: only `flush()` writes. */
const NEVER_MS = 60_000;

function task(state: TaskInfo["state"], attempts: number): TaskInfo {
  return {
    taskId: "task-1",
    jobId: "job-1",
    functionName: "noop",
    module: "file:///tasks.js",
    spec: new Uint8Array([1, 2]),
    argRefs: [],
    resultRefs: ["r1"],
    state,
    attempts,
    maxRetries: 3,
    updatedAt: attempts,
  };
}

/** The records as written (the GCS gives `spec` back as a Buffer). */
async function listed(gcs: Gcs): Promise<TaskInfo[]> {
  return (await gcs.listTasks()).map((info) => ({ ...info, spec: Uint8Array.from(info.spec) }));
}

function event(type: string, time: number): LifecycleEvent {
  return { time, subjectKind: "task", subjectId: "task-1", type, detail: type, nodeId: "n1" };
}

describe("TaskRecords", () => {
  it("writes nothing until flushed, then the task's last record only", async () => {
    const gcs = new Gcs(createMemoryStore());
    const records = new TaskRecords(gcs, NEVER_MS);
    records.record(task("pending", 0));
    records.record(task("stopped", 1));
    assert.deepEqual(await listed(gcs), []);
    await records.flush();
    assert.deepEqual(await listed(gcs), [task("stopped", 1)]);
  });

  it("appends the buffered events in the order they came", async () => {
    const gcs = new Gcs(createMemoryStore());
    const records = new TaskRecords(gcs, NEVER_MS);
    records.event(event("scheduled", 1));
    records.event(event("alive", 2));
    records.event(event("stopped", 3));
    await records.flush();
    const types = (await gcs.listEvents({ subjectId: "task-1" })).map((e) => e.type);
    assert.deepEqual(types, ["scheduled", "alive", "stopped"]);
  });

  it("writes on its own once the interval has passed", async () => {
    const gcs = new Gcs(createMemoryStore());
    const records = new TaskRecords(gcs, 10);
    records.record(task("alive", 1));
    const deadline = Date.now() + 5_000;
    let written: TaskInfo[] = [];
    while (written.length === 0 && Date.now() < deadline) {
      await delay(5);
      written = await listed(gcs);
    }
    assert.deepEqual(written, [task("alive", 1)]);
  });

  it("does not write a flushed record again at the next flush", async () => {
    const gcs = new Gcs(createMemoryStore());
    const records = new TaskRecords(gcs, NEVER_MS);
    records.record(task("alive", 1));
    await records.flush();
    await gcs.putTask(task("dead", 2)); // another writer's later record
    await records.flush();
    assert.deepEqual(await listed(gcs), [task("dead", 2)]);
  });
});
