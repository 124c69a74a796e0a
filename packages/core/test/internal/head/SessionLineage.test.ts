import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { TaskInfo } from "@rayx/gcs";
import { ObjectRef } from "../../../src/ObjectRef.js";
import type { TaskRequest } from "../../../src/internal/clusterClient.js";
import { SessionLineage } from "../../../src/internal/head/SessionLineage.js";
import { decodeTaskSpec, taskSpecOf } from "../../../src/internal/head/taskSpec.js";
import { encodeValue } from "../../../src/internal/wireCodec.js";

const request: TaskRequest = {
  function: { module: "file:///app/tasks.js", exportName: "square" },
  name: "square",
  args: [new ObjectRef("obj-in"), 3],
  retries: 2,
  retryExceptions: ["RangeError"],
  resources: { gpu: 1 },
};

function record(taskId: string, spec: Uint8Array, resultRefs: string[]): TaskInfo {
  return {
    taskId,
    jobId: "job-1",
    functionName: "square",
    module: "file:///app/tasks.js",
    spec,
    argRefs: [],
    resultRefs,
    state: "stopped",
    attempts: 1,
    maxRetries: 2,
    updatedAt: 0,
  };
}

describe("taskSpec", () => {
  test("keeps the function, options and arguments (refs as refs) of a task request", () => {
    const decoded = decodeTaskSpec(taskSpecOf(request, encodeValue(request.args, "args")));
    assert.deepEqual({ ...decoded, args: undefined }, { ...request, args: undefined });
    assert.ok(decoded?.args[0] instanceof ObjectRef);
    assert.equal((decoded.args[0] as ObjectRef<unknown>).id, "obj-in");
    assert.equal(decoded.args[1], 3);
  });

  test("reads bytes that are not a task spec as none", () => {
    assert.equal(decodeTaskSpec(encodeValue([1, 2])), undefined);
    assert.equal(decodeTaskSpec(new Uint8Array(0)), undefined);
  });
});

describe("SessionLineage", () => {
  const spec = taskSpecOf(request, encodeValue(request.args, "args"));

  test("submits the earlier task again for an object it made, once, under the same id", () => {
    const lineage = new SessionLineage([record("task-1", spec, ["obj-out"])]);
    const submitted: [string, string][] = [];
    const submit = (task: TaskRequest, resultId: string) => submitted.push([task.name, resultId]);
    assert.equal(lineage.recall("obj-out", submit), true);
    assert.equal(lineage.recall("obj-out", submit), false);
    assert.deepEqual(submitted, [["square", "obj-out"]]);
  });

  test("knows nothing of objects no earlier task made, or whose record holds no call", () => {
    const lineage = new SessionLineage([record("task-2", new Uint8Array(0), ["obj-old"])]);
    assert.equal(lineage.size, 1);
    assert.equal(
      lineage.recall("obj-other", () => assert.fail("nothing to submit")),
      false,
    );
    assert.equal(
      lineage.recall("obj-old", () => assert.fail("nothing to submit")),
      false,
    );
  });

  test("reports an object whose task cannot be submitted here as not recalled", () => {
    const lineage = new SessionLineage([record("task-3", spec, ["obj-gpu"])]);
    const infeasible = () => {
      throw new Error("needs 1 gpu but this node has 0");
    };
    assert.equal(lineage.recall("obj-gpu", infeasible), false);
  });
});
