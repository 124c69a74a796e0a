import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, test } from "node:test";
import { WORKER_ID_ENV } from "../src/internal/workerEnv.js";
import { tsNodeFlags } from "./fixtures/processes.js";

const program = new URL("./fixtures/mainProgram.ts", import.meta.url).pathname;

function run(mode: string, env: Record<string, string> = {}) {
  const { [WORKER_ID_ENV]: _inherited, ...parentEnv } = process.env;
  return spawnSync(process.execPath, [...tsNodeFlags, program, mode], {
    env: { ...parentEnv, ...env },
    encoding: "utf8",
  });
}

describe("main() and isDriver()", () => {
  test("runs the body in the driver", () => {
    const result = run("ok");
    assert.equal(result.stdout, "isDriver=true\nmain ran\n");
    assert.equal(result.status, 0);
  });

  test("does not run the body in a worker", () => {
    const result = run("ok", { [WORKER_ID_ENV]: "w1" });
    assert.equal(result.stdout, "isDriver=false\n");
    assert.equal(result.status, 0);
  });

  test("prints the error and exits with code 1 when the body rejects", () => {
    const result = run("fail");
    assert.equal(result.status, 1);
    assert.equal(result.stdout, "isDriver=true\n");
    assert.match(result.stderr, /^Error: the program failed\n {4}at /);
  });
});
