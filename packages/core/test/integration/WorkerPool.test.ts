import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { ChannelClosedError, FrameTooLargeError, WorkerStartError } from "../../src/errors.js";
import type { ResultValue } from "../../src/internal/Frame.js";
import { PROTOCOL_VERSION } from "../../src/internal/Frame.js";
import { frameCodec } from "../../src/internal/frameCodec.js";
import { Transport } from "../../src/internal/Transport.js";
import { valueCodec } from "../../src/internal/valueCodec.js";
import type { WorkerExit, WorkerPoolOptions } from "../../src/internal/WorkerPool.js";
import { WorkerPool } from "../../src/internal/WorkerPool.js";
import { isAlive, tsNodeFlags, waitFor } from "../fixtures/processes.js";

const echoModule = new URL("../fixtures/echo.ts", import.meta.url).href;
const pools: WorkerPool[] = [];

async function startPool(options: WorkerPoolOptions): Promise<WorkerPool> {
  const pool = await WorkerPool.start(options);
  pools.push(pool);
  return pool;
}

/**
 * One pool of two workers for most tests (a worker costs ~0.5 s of CPU to start). They leave
 * it as they found it, except the last two: one replaces a worker, one shuts the pool down.
 */
let shared: Promise<WorkerPool> | undefined;
const sharedPool = () => (shared ??= startPool({ size: 2, maxFrameBytes: 64 * 1024 }));

function callEcho(
  pool: WorkerPool,
  workerId: string,
  fn: string,
  args: unknown[],
): Promise<unknown> {
  const call = {
    target: { kind: "function", function: { module: echoModule, exportName: fn } },
    method: "",
    args: valueCodec.encode(args),
    argRefs: [],
  } as const;
  return pool.call(workerId, call).then((value: ResultValue) => {
    assert.equal(value.kind, "bytes");
    return valueCodec.decode(value.bytes);
  });
}

function nextExit(pool: WorkerPool): Promise<WorkerExit> {
  return new Promise((resolve) => {
    const off = pool.onExit((exit) => {
      off();
      resolve(exit);
    });
  });
}

after(async () => {
  await Promise.all(pools.map((pool) => pool.shutdown()));
});

describe("WorkerPool", () => {
  test("starts N workers that import a .ts module and answer an echo over the transport", async () => {
    const pool = await sharedPool();
    const workers = pool.workers();
    assert.deepEqual(
      workers.map((w) => [w.workerId, w.state]),
      [
        ["w1", "ready"],
        ["w2", "ready"],
      ],
    );
    assert.notEqual(workers[0]!.pid, workers[1]!.pid);
    for (const worker of workers) {
      assert.deepEqual(
        await callEcho(pool, worker.workerId, "echo", [{ n: 1, s: [worker.workerId] }]),
        {
          n: 1,
          s: [worker.workerId],
        },
      );
      assert.equal(await callEcho(pool, worker.workerId, "pid", []), worker.pid);
    }
  });

  test("runs each call of a batch frame and hands replies to no call of its own to onFrame", async () => {
    const pool = await sharedPool();
    const echo = {
      kind: "function",
      function: { module: echoModule, exportName: "echo" },
    } as const;
    const call = (requestId: number, value: string) =>
      ({
        kind: "call",
        requestId,
        target: echo,
        method: "",
        args: valueCodec.encode([value]),
        argRefs: [],
      }) as const;
    const replies = new Promise<[string, number, unknown][]>((resolve) => {
      const got: [string, number, unknown][] = [];
      const off = pool.onFrame((workerId, frame) => {
        if (frame.kind !== "result" || frame.value.kind !== "bytes") return;
        got.push([workerId, frame.requestId, valueCodec.decode(frame.value.bytes)]);
        if (got.length < 2) return;
        off();
        resolve(got);
      });
    });
    pool.send("w2", { kind: "batch", frames: [call(90_001, "a"), call(90_002, "b")] });
    assert.deepEqual(
      (await replies).sort((x, y) => x[1] - y[1]),
      [
        ["w2", 90_001, "a"],
        ["w2", 90_002, "b"],
      ],
    );
  });

  test("carries a remote error's name, message, stack and cause back to the caller", async () => {
    const pool = await sharedPool();
    await assert.rejects(callEcho(pool, "w1", "fail", ["out of range"]), (error: Error) => {
      assert.equal(error.name, "RangeError");
      assert.equal(error.message, "out of range");
      assert.match(error.stack ?? "", /at fail \(.*test\/fixtures\/echo\.ts:\d+:\d+\)/);
      assert.equal((error.cause as Error).message, "the inner cause");
      return true;
    });
    await assert.rejects(callEcho(pool, "w1", "missing", []), {
      name: "ExportNotFoundError",
      message: new RegExp(`^${echoModule} has no export named 'missing' \\(it exports: .*echo`),
    });
    assert.equal(await callEcho(pool, "w1", "echo", ["still serving"]), "still serving");
  });

  test("keeps its socket 0600 in a 0700 session dir, and refuses a session dir open to others", async () => {
    const pool = await sharedPool();
    assert.equal(statSync(pool.sessionDir).mode & 0o777, 0o700);
    assert.equal(statSync(join(pool.sessionDir, "node.sock")).mode & 0o777, 0o600);
    const open = await mkdtemp(join(tmpdir(), "rayx-open-"));
    try {
      await chmod(open, 0o755);
      await assert.rejects(WorkerPool.start({ size: 1, sessionDir: open }), {
        name: "TransportPathError",
        message: `the session dir ${open} has mode 755, open to other users: chmod 700 it (or leave sessionDir unset for a private temp dir)`,
      });
    } finally {
      await rm(open, { recursive: true, force: true });
    }
  });

  test("rejects a call too large to send with FrameTooLargeError, and keeps serving", async () => {
    const pool = await sharedPool();
    await assert.rejects(callEcho(pool, "w1", "echo", ["x".repeat(70_000)]), FrameTooLargeError);
    assert.equal(await callEcho(pool, "w1", "echo", ["small"]), "small");
  });

  test("drops a connection that does not open with a starting worker's hello, and carries on", async () => {
    const pool = await sharedPool();
    const stranger = await Transport.connect(join(pool.sessionDir, "node.sock"), frameCodec);
    const closed = new Promise((resolve) => stranger.onClose(resolve));
    stranger.send({ kind: "hello", workerId: "w1", pid: process.pid, protocol: PROTOCOL_VERSION });
    await closed;
    assert.equal(await callEcho(pool, "w1", "echo", ["unaffected"]), "unaffected");
  });

  test("reports a worker killed with kill -9 with its signal, and replaces it", async () => {
    const pool = await sharedPool();
    const [victim, survivor] = pool.workers();
    const inFlight = callEcho(pool, victim!.workerId, "hang", []).catch((error: unknown) => error);
    const exit = nextExit(pool);
    process.kill(victim!.pid, "SIGKILL");
    assert.deepEqual(await exit, {
      workerId: victim!.workerId,
      pid: victim!.pid,
      code: null,
      signal: "SIGKILL",
      expected: false,
    });
    assert.ok((await inFlight) instanceof ChannelClosedError);
    assert.equal(pool.workers().find((w) => w.workerId === victim!.workerId)?.state, "dead");

    const successor = await pool.replace(victim!.workerId);
    assert.equal(successor.workerId, "w3");
    assert.equal(successor.state, "ready");
    assert.deepEqual(
      pool.workers().map((w) => w.workerId),
      [survivor!.workerId, "w3"],
    );
    assert.equal(await callEcho(pool, "w3", "pid", []), successor.pid);
  });

  test("leaves no worker process, socket or session dir after shutdown()", async () => {
    const pool = await sharedPool();
    const pids = pool.workers().map((w) => w.pid);
    const exits: WorkerExit[] = [];
    pool.onExit((exit) => exits.push(exit));
    await pool.shutdown();
    assert.deepEqual(
      pids.filter((pid) => isAlive(pid)),
      [],
    );
    assert.deepEqual(
      exits.map((e) => [e.code, e.signal, e.expected]),
      [
        [0, null, true],
        [0, null, true],
      ],
    );
    assert.equal(existsSync(pool.sessionDir), false);
    assert.deepEqual(
      pool.workers().map((w) => w.state),
      ["dead", "dead"],
    );
  });
  test("lets a call in flight finish before the worker stops at shutdown()", async () => {
    const pool = await startPool({ size: 1 });
    const running = callEcho(pool, "w1", "slowEcho", ["finished", 300]);
    const exit = nextExit(pool);
    await pool.shutdown();
    assert.equal(await running, "finished");
    assert.deepEqual([(await exit).code, (await exit).signal], [0, null]);
  });

  test("SIGKILLs a worker that does not stop within the grace period", async () => {
    const pool = await startPool({ size: 1, stopGraceMs: 200 });
    const blocked = callEcho(pool, "w1", "busy", [30_000]).catch((error: unknown) => error);
    const exit = nextExit(pool);
    await pool.shutdown();
    assert.deepEqual(await exit, {
      workerId: "w1",
      pid: pool.workers()[0]!.pid,
      code: null,
      signal: "SIGKILL",
      expected: true,
    });
    assert.ok((await blocked) instanceof ChannelClosedError);
  });

  test("fails to start with WorkerStartError when workers cannot load, leaving none behind", async () => {
    await assert.rejects(WorkerPool.start({ size: 2, execArgv: [] }), (error: Error) => {
      assert.ok(error instanceof WorkerStartError);
      assert.match(
        error.message,
        /^worker w\d \(pid \d+\) exited before saying hello \(code 1, signal null\)/,
      );
      return true;
    });
  });

  test("leaves no worker alive after its driver is killed with kill -9, even one busy in a task", async () => {
    const sessionDir = await mkdtemp(join(tmpdir(), "rayx-pool-driver-"));
    const driver = spawn(
      process.execPath,
      [...tsNodeFlags, new URL("../fixtures/poolDriver.ts", import.meta.url).pathname, sessionDir],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let pids: number[] = [];
    try {
      const lines = await new Promise<string[]>((resolve, reject) => {
        let out = "";
        driver.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes("spinning\n")) resolve(out.split("\n"));
        });
        driver.once("exit", (code) => reject(new Error(`driver exited early with code ${code}`)));
      });
      const line = lines.find((l) => l.startsWith("["))!;
      pids = JSON.parse(line) as number[];
      assert.equal(pids.length, 2);
      assert.ok(pids.every(isAlive));
      driver.kill("SIGKILL");
      await waitFor(() => !pids.some(isAlive), `workers ${pids.join(", ")} to exit`);
    } finally {
      driver.kill("SIGKILL");
      for (const pid of pids.filter(isAlive)) process.kill(pid, "SIGKILL");
      await rm(sessionDir, { recursive: true, force: true });
    }
  });
});
