/**
 * What the runtime records of a real run, read back by the CLI: an embedded cluster
 * in this process (two workers, a small object store) runs an actor's calls (one with
 * a nested task, one that throws), tasks (one that fails) and large puts that spill;
 * `rayx memory` then shows the spilled bytes, and after the cluster stopped
 * (post-mortem, from the storage dir alone) `history`, `list tasks` and `timeline`
 * show the calls as the workers ran them: arguments, outcomes, durations, pids,
 * nodes, and flows from caller to callee.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { init, inspect, put, shutdown, spawn, state, TaskError, wait } from "@rayx/core";
import type { ObjectRef, Runtime } from "@rayx/core";
import type { CallSpan, JobInfo, TaskInfo } from "@rayx/gcs";
import { explode, shout, square, Tally } from "../fixtures/observedWork.js";
import { runCli } from "../../src/runCli.js";
import { jsonOf, runRayx, type RayxRun } from "./runRayx.js";

const MiB = 1024 * 1024;

interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts?: number;
  dur?: number;
  id?: number;
  bp?: string;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

describe("calls recorded by the runtime, read by the CLI", () => {
  const storageDir = mkdtempSync(join(tmpdir(), "rayx-cli-observed-"));
  // Each command runs once, started early, at most `PARALLEL` at a time (each CLI start
  // costs seconds on a loaded machine; too many at once would reach runRayx's timeout).
  const PARALLEL = 3;
  const runs = new Map<string, Promise<RayxRun>>();
  const waiting: (() => void)[] = [];
  let active = 0;
  // Once the cluster stopped, commands run in this process (`runCli`, as `bin.ts` does):
  // nothing else has the storage dir open then, and no CLI start is paid per command.
  let stopped = false;
  const inProcess = async (args: string[]): Promise<RayxRun> => {
    let stdout = "";
    let stderr = "";
    const io = {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env: {},
    };
    const code = await runCli(["--storage", storageDir, ...args], io);
    return { code, stdout, stderr };
  };
  const limited = async (args: string[]): Promise<RayxRun> => {
    if (stopped) return inProcess(args);
    while (active >= PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await runRayx(["--storage", storageDir, ...args]);
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
  const rayx = (...args: string[]): Promise<RayxRun> => {
    const key = JSON.stringify(args);
    let run = runs.get(key);
    if (run === undefined) runs.set(key, (run = limited(args)));
    return run;
  };
  const traceFile = join(storageDir, "trace.json");
  let runtime: Runtime;
  let startUs: number;
  let endUs: number;
  let actorId: string;
  let actorPid: number;
  let otherId: string;
  let workerPids: number[];
  let failed: TaskError;
  let taskFailure: TaskError;
  const big: ObjectRef[] = [];

  before(async () => {
    startUs = Date.now() * 1000;
    runtime = await init({ storageDir, numWorkers: 2, objectStoreMemory: 10 * MiB });
    workerPids = runtime.workerPids();
    const tally = await spawn(Tally, [], { name: "tally" });
    assert.equal(await tally.add(5), 5);
    assert.equal(await tally.addSquare(3), 14);
    assert.equal(await tally.put("k", { a: 1, b: 2, c: 3 }), 1);
    failed = await tally.fail("no").then(
      () => assert.fail("fail() resolved"),
      (error: unknown) => error as TaskError,
    );
    assert.equal(await square.remote(4), 16);
    taskFailure = await explode.remote("boom").then(
      () => assert.fail("explode() resolved"),
      (error: unknown) => error as TaskError,
    );
    ({ actorId, pid: actorPid } = (await inspect(tally)) as { actorId: string; pid: number });
    // Two prints on workers that also ran other calls: each goes to its own actor's or task's log.
    assert.equal(await tally.say("tally speaks"), actorPid);
    const other = await spawn(Tally, [], { name: "other" });
    await other.say("other speaks");
    otherId = (await inspect(other)).actorId;
    await shout.remote("shout speaks");
    // 4 MiB each into a 10 MiB store: the third and the fourth put spill one each.
    for (let i = 0; i < 4; i++) big.push(put(new Float64Array(MiB / 2).fill(i)));
    // Waited for, not read: a read would restore a spilled one (and spill another).
    assert.equal((await wait(big, { numReturns: big.length })).ready.length, 4);
  });

  after(async () => {
    await shutdown();
    rmSync(storageDir, { recursive: true, force: true });
  });

  test("memory shows the objects the store spilled, with their bytes and spill files", async () => {
    const objects = await state.listObjects(); // the node notes spills before it answers
    void Promise.all([
      rayx("memory", "--json"),
      rayx("list", "objects", "--json"),
      rayx("memory"),
      rayx("summary", "objects", "--json"),
    ]);
    const bigIds = big.map((ref) => ref.id);
    const spilledIds = objects
      .filter((o) => o.spilledUrl !== undefined)
      .map((o) => o.objectId)
      .sort();
    assert.deepEqual(spilledIds, bigIds.slice(0, 2).sort());
    const sizes = new Map(objects.map((o) => [o.objectId, o.size]));
    const spilledBytes = (sizes.get(bigIds[0] ?? "") ?? 0) + (sizes.get(bigIds[1] ?? "") ?? 0);
    assert.ok(spilledBytes > 8 * MiB, `spilled ${spilledBytes} bytes`);
    const report = jsonOf(await rayx("memory", "--json")) as {
      spilled: { objects: number; bytes: number };
    };
    assert.deepEqual(report.spilled, { objects: 2, bytes: spilledBytes });
    const listed = jsonOf(await rayx("list", "objects", "--json")) as {
      objectId: string;
      spilledUrl?: string;
    }[];
    for (const id of bigIds.slice(0, 2)) {
      const url = listed.find((o) => o.objectId === id)?.spilledUrl;
      assert.ok(url !== undefined, `object ${id} has no spilledUrl`);
      const file = fileURLToPath(url);
      assert.ok(existsSync(file) && statSync(file).size >= (sizes.get(id) ?? 0), file);
    }
    assert.deepEqual(jsonOf(await rayx("summary", "objects", "--json")), [
      {
        nodeId: runtime.nodeId,
        objects: objects.length,
        bytes: objects.reduce((sum, o) => sum + o.size, 0),
        spilled: 2,
      },
    ]);
    const human = await rayx("memory");
    assert.match(human.stdout, /^objects \d+ \(.+\), spilled 2 \(8\.0 MiB\)$/m);
  });

  describe("after the cluster stopped", () => {
    before(async () => {
      await shutdown();
      endUs = Date.now() * 1000;
      stopped = true;
      const tasks = rayx("list", "tasks", "--json");
      await Promise.all([
        rayx("history", actorId, "--json"),
        rayx("history", actorId),
        rayx("list", "tasks"),
        rayx("logs", actorId, "--json"),
        rayx("logs", otherId, "--json"),
        rayx("logs", actorId),
        rayx("timeline", "-o", traceFile, "--json"),
        rayx("list", "jobs", "--json"),
        rayx("list", "workers", "--json"),
        rayx("summary", "tasks", "--json"),
        rayx("summary", "actors", "--json"),
        tasks.then(async (run) => {
          const shout = (jsonOf(run) as TaskInfo[]).find((t) => t.functionName === "shout");
          if (shout !== undefined) await rayx("logs", shout.taskId, "--json");
        }),
      ]);
    });

    test("history shows each call with its argument preview, outcome, duration and nested calls", async () => {
      const page = jsonOf(await rayx("history", actorId, "--json")) as {
        actorId: string;
        entries: CallSpan[];
        nextFrom: number | null;
      };
      assert.equal(page.actorId, actorId);
      assert.equal(page.nextFrom, null);
      const rows = page.entries.map((span) => ({
        name: span.name,
        argsPreview: span.argsPreview,
        outcome: span.outcome,
        error: span.error,
        calls: span.calls.map((call) => call.name),
        pid: span.pid,
        nodeId: span.nodeId,
      }));
      const where = { pid: actorPid, nodeId: runtime.nodeId };
      assert.deepEqual(rows, [
        {
          name: "Tally.add",
          argsPreview: "add(5)",
          outcome: "ok",
          error: undefined,
          calls: [],
          ...where,
        },
        {
          name: "Tally.addSquare",
          argsPreview: "addSquare(3)",
          outcome: "ok",
          error: undefined,
          calls: ["square"],
          ...where,
        },
        {
          name: "Tally.put",
          argsPreview: 'put("k", {…3 keys})',
          outcome: "ok",
          error: undefined,
          calls: [],
          ...where,
        },
        {
          name: "Tally.fail",
          argsPreview: 'fail("no")',
          outcome: "TypeError",
          error: "refused: no",
          calls: [],
          ...where,
        },
        {
          name: "Tally.say",
          argsPreview: 'say("tally speaks")',
          outcome: "ok",
          error: undefined,
          calls: [],
          ...where,
        },
      ]);
      assert.ok(failed instanceof TaskError);
      for (const span of page.entries) {
        assert.ok(span.durationUs > 0 && span.startUs >= startUs && span.startUs <= endUs);
      }
      const table = await rayx("history", actorId);
      assert.equal(table.code, 0, table.stderr);
      const lines = table.stdout.trimEnd().split("\n");
      assert.match(lines[0] ?? "", /^#\s+TIME\s+CALL\s+OUTCOME\s+DURATION\s+CALLED$/);
      assert.match(lines[2] ?? "", /addSquare\(3\)\s+ok\s+[\d.]+ [µm]?s\s+square$/);
      assert.match(lines[4] ?? "", /fail\("no"\)\s+TypeError: refused: no\s/);
    });

    test("list tasks shows each task's node, worker pid and error", async () => {
      const tasks = jsonOf(await rayx("list", "tasks", "--json")) as TaskInfo[];
      const rows = tasks
        .map((t) => ({
          functionName: t.functionName,
          state: t.state,
          nodeId: t.nodeId,
          onWorker: workerPids.includes(t.pid ?? -1),
          lastError: t.lastError,
        }))
        .sort((a, b) => a.functionName.localeCompare(b.functionName));
      const on = { nodeId: runtime.nodeId, onWorker: true };
      assert.deepEqual(rows, [
        { functionName: "explode", state: "dead", ...on, lastError: taskFailure.message },
        { functionName: "shout", state: "stopped", ...on, lastError: undefined },
        { functionName: "square", state: "stopped", ...on, lastError: undefined },
        { functionName: "square", state: "stopped", ...on, lastError: undefined },
      ]);
      const table = await rayx("list", "tasks");
      assert.match(table.stdout.split("\n")[0] ?? "", /\bNODE\s+ERROR$/);
    });

    test("logs show what each actor and task printed, from the storage dir", async () => {
      const tasks = jsonOf(await rayx("list", "tasks", "--json")) as TaskInfo[];
      const shoutTask = tasks.find((t) => t.functionName === "shout") as TaskInfo;
      const printed = await Promise.all(
        [actorId, otherId, shoutTask.taskId].map(async (target) => {
          const found = jsonOf(await rayx("logs", target, "--json")) as {
            files: { stream: string; text: string }[];
          };
          return found.files.filter((f) => f.text !== "").map((f) => [f.stream, f.text]);
        }),
      );
      assert.deepEqual(printed, [
        [["out", "tally speaks\n"]],
        [["out", "other speaks\n"]],
        [["out", "shout speaks\n"]],
      ]);
      const human = await rayx("logs", actorId);
      assert.equal(human.stdout, "tally speaks\n");
    });

    test("list jobs, list workers and summary show the run's job, its workers and counts", async () => {
      const [jobs, workers, tasks, actors] = await Promise.all(
        [
          ["list", "jobs"],
          ["list", "workers"],
          ["summary", "tasks"],
          ["summary", "actors"],
        ].map((args) => rayx(...args, "--json").then(jsonOf)),
      );
      assert.deepEqual(
        (jobs as JobInfo[]).map((j) => [j.jobId, j.state, j.nodeId, j.driverPid]),
        [[runtime.jobId, "succeeded", runtime.nodeId, process.pid]],
      );
      const rows = workers as { pid: number; nodeId: string; state: string; tasks: number }[];
      assert.deepEqual(
        rows.map((w) => [w.pid, w.nodeId, w.state]),
        [...workerPids].sort((a, b) => a - b).map((pid) => [pid, runtime.nodeId, "exited"]),
      );
      assert.equal(
        rows.reduce((sum, w) => sum + w.tasks, 0),
        4,
      );
      assert.deepEqual(tasks, [
        { name: "explode", total: 1, states: { dead: 1 } },
        { name: "shout", total: 1, states: { stopped: 1 } },
        { name: "square", total: 2, states: { stopped: 2 } },
      ]);
      assert.deepEqual(
        (actors as { name: string; total: number }[]).map((a) => [a.name, a.total]),
        [["Tally", 2]],
      );
    });

    test("timeline has a slice per call on its worker's row, in µs, and flows from caller to callee", async () => {
      const output = traceFile;
      const run = jsonOf(await rayx("timeline", "-o", output, "--json")) as { calls: number };
      const trace = JSON.parse(readFileSync(output, "utf8")) as { traceEvents: TraceEvent[] };
      assert.ok(Array.isArray(trace.traceEvents));
      for (const event of trace.traceEvents) {
        assert.ok(["X", "i", "M", "s", "f"].includes(event.ph), `ph ${event.ph}`);
        assert.ok(Number.isInteger(event.pid) && Number.isInteger(event.tid));
        if (event.ph !== "M") assert.ok(typeof event.ts === "number");
      }
      const slices = trace.traceEvents.filter((e) => e.ph === "X");
      assert.equal(slices.filter((e) => e.cat !== "driver").length, 10);
      assert.equal(run.calls, slices.length);
      const named = (name: string) => slices.filter((e) => e.name === name);
      for (const name of ["Tally.add", "Tally.addSquare", "Tally.put", "Tally.fail"]) {
        assert.deepEqual(
          named(name).map((e) => e.pid),
          [actorPid],
          name,
        );
      }
      assert.equal(named("square").length, 2);
      assert.equal(named("explode").length, 1);
      for (const slice of slices.filter((e) => e.cat !== "driver")) {
        assert.ok(workerPids.includes(slice.pid), `${slice.name} on pid ${slice.pid}`);
        assert.ok((slice.dur ?? 0) > 0 && (slice.ts ?? 0) >= startUs && (slice.ts ?? 0) <= endUs);
      }
      const starts = trace.traceEvents.filter((e) => e.ph === "s");
      const ends = trace.traceEvents.filter((e) => e.ph === "f");
      assert.deepEqual(starts.map((e) => e.id).sort(), ends.map((e) => e.id).sort());
      const sliceAt = (e: TraceEvent) =>
        slices.find(
          (s) =>
            s.pid === e.pid &&
            s.tid === e.tid &&
            (s.ts ?? 0) <= (e.ts ?? 0) &&
            (e.ts ?? 0) <= (s.ts ?? 0) + (s.dur ?? 0),
        );
      const arrows = starts.map((start) => {
        const end = ends.find((e) => e.id === start.id) as TraceEvent;
        return { from: sliceAt(start)?.name, fromPid: start.pid, to: sliceAt(end)?.name };
      });
      const fromDriver = (to: string) => ({ from: `call ${to}`, fromPid: process.pid, to });
      assert.deepEqual(
        arrows.sort((a, b) => (`${a.from} ${a.to}` < `${b.from} ${b.to}` ? -1 : 1)),
        [
          { from: "Tally.addSquare", fromPid: actorPid, to: "square" },
          fromDriver("Tally.add"),
          fromDriver("Tally.addSquare"),
          fromDriver("Tally.fail"),
          fromDriver("Tally.put"),
          fromDriver("Tally.say"),
          fromDriver("Tally.say"),
          fromDriver("explode"),
          fromDriver("shout"),
          fromDriver("square"),
        ],
      );
    });
  });
});
