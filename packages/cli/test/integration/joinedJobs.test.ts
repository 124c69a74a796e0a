/**
 * Jobs of a live cluster (`rayx start` head and joined node, this test process joined
 * as a driver): the driver's actors and tasks are recorded under its own job, which
 * `rayx list jobs` shows with its pid, entrypoint and state; `rayx kill` and
 * `rayx restart` steer the cluster without leaving a job behind each.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { init, inspect, spawn } from "@rayx/core";
import type { ActorInfo, JobInfo, TaskInfo } from "@rayx/gcs";
import { Counter } from "../fixtures/actors.js";
import { square } from "../fixtures/observedWork.js";
import { useLiveCluster } from "../fixtures/liveCluster.js";
import { jsonOf, runRayx } from "./runRayx.js";

describe("jobs of a joined driver", () => {
  const cluster = useLiveCluster("jobs");
  const rayx = (...args: string[]) =>
    runRayx(["--address", cluster.address, ...args], { RAYX_STORAGE: cluster.storageDir });

  test("its actors and tasks are under its job; kill and restart add no job", async () => {
    const runtime = await init({ address: cluster.address }); // the fixture's runtime
    const counter = await spawn(Counter, [], { name: "jobbed", resources: { joined: 1 } });
    await counter.add(1);
    assert.equal(await square.remote(6), 36);
    const { actorId } = await inspect(counter);
    const [jobs, actors, tasks] = (await Promise.all(
      [
        ["list", "jobs"],
        ["list", "actors"],
        ["list", "tasks"],
      ].map((args) => rayx(...args, "--json").then(jsonOf)),
    )) as [JobInfo[], ActorInfo[], TaskInfo[]];
    const mine = jobs.find((job) => job.jobId === runtime.jobId);
    assert.deepEqual(mine && [mine.driverPid, mine.entrypoint, mine.state, mine.nodeId], [
      process.pid,
      process.argv[1],
      "running",
      cluster.head.nodeId,
    ]);
    assert.equal(actors.find((a) => a.actorId === actorId)?.jobId, runtime.jobId);
    assert.deepEqual(
      tasks.filter((t) => t.functionName === "square").map((t) => t.jobId),
      [runtime.jobId],
    );
    for (let i = 0; i < 2; i++) {
      for (const command of ["kill", "restart"]) {
        const run = await rayx(command, "jobbed");
        assert.equal(run.code, 0, run.stderr);
      }
    }
    const after = jsonOf(await rayx("list", "jobs", "--json")) as JobInfo[];
    assert.deepEqual(after.map((job) => job.jobId).sort(), jobs.map((job) => job.jobId).sort());
    assert.equal(await counter.read(), 1);
  });
});
