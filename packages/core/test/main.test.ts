import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, test } from "node:test";
import { WORKER_ID_ENV } from "../src/internal/workerEnv.js";
import { tsNodeFlags } from "./fixtures/processes.js";

const program = new URL("./fixtures/mainProgram.ts", import.meta.url).pathname;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

async function run(mode: string, env: Record<string, string> = {}): Promise<Run> {
  const { [WORKER_ID_ENV]: _inherited, ...parentEnv } = process.env;
  const child = spawn(process.execPath, [...tsNodeFlags, program, mode], {
    env: { ...parentEnv, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const [status] = (await once(child, "close")) as [number | null];
  return { status, stdout, stderr };
}

// The three programs start at once (each spends most of its time loading the runtime).
const runs = {
  driver: run("ok"),
  worker: run("ok", { [WORKER_ID_ENV]: "w1" }),
  fail: run("fail"),
  nested: run("nested-task"),
};

describe("main() and isDriver()", () => {
  test("runs the body in the driver", async () => {
    const result = await runs.driver;
    assert.equal(result.stdout, "isDriver=true\nmain ran\n");
    assert.equal(result.status, 0);
  });

  test("does not run the body in a worker", async () => {
    const result = await runs.worker;
    assert.equal(result.stdout, "isDriver=false\n");
    assert.equal(result.status, 0);
  });

  test("prints the error and exits with code 1 when the body rejects", async () => {
    const result = await runs.fail;
    assert.equal(result.status, 1);
    assert.equal(result.stdout, "isDriver=true\n");
    assert.match(result.stderr, /^Error: the program failed\n {4}at /);
  });

  test("refuses a task() made inside the body where it is made, naming the fix", async () => {
    const { status, stdout } = await runs.nested;
    assert.equal(status, 0);
    const url = new URL("./fixtures/mainProgram.ts", import.meta.url).href;
    assert.equal(
      stdout,
      "isDriver=true\n" +
        `task() refused: task nested is made inside main() (or another function) of ${url}, ` +
        "not at its top level: a worker imports that module and finds only its top-level " +
        "exports; move it there: `export const nested = task(function nested() { … })`\n" +
        "main ran\n",
    );
  });
});
