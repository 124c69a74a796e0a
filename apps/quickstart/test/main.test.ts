/**
 * Runs the quick start as a user does (a child process with the workspace's loader
 * flags) and checks what it prints, that it exits 0 by itself, and that it leaves
 * no worker process and no session dir behind.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";

const appDir = fileURLToPath(new URL("..", import.meta.url));
let child: ChildProcess | undefined;
let exitCode: number | null = null;
let lines: string[] = [];

before(
  async () => {
    const run = spawn(
      process.execPath,
      ["--conditions=rayx-source", "--import", "tsx", "src/main.ts"],
      { cwd: appDir, stdio: ["ignore", "pipe", "inherit"] },
    );
    child = run;
    let stdout = "";
    run.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    [exitCode] = (await once(run, "close")) as [number | null];
    lines = stdout.trimEnd().split("\n");
  },
  { timeout: 60_000 },
);

after(() => {
  if (child !== undefined && child.exitCode === null && child.signalCode === null) {
    child.kill("SIGKILL");
  }
});

/** The line that starts with `prefix`, failing with the whole output if there is none. */
function line(prefix: string): string {
  const found = lines.find((l) => l.startsWith(prefix));
  assert.ok(found !== undefined, `no line starting with '${prefix}' in:\n${lines.join("\n")}`);
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("apps/quickstart", () => {
  it("exits 0 by itself", () => {
    assert.equal(exitCode, 0);
  });

  it("sums squares computed by tasks whose arguments are refs", () => {
    assert.equal(line("tasks:"), "tasks: 1² + 2² + 3² + 4² = 30");
  });

  it("passes a put object's ref to a task", () => {
    assert.equal(line("put/get:"), "put/get: 1000 + 30 = 1030");
  });

  it("answers 1000 then 1001 after kill -9 of the actor's worker, restarted once", () => {
    const before = /^actor: Counter reads 1000 after 1000 calls \(worker pid (\d+)\)$/.exec(
      line("actor: Counter reads"),
    );
    assert.ok(before !== null, lines.join("\n"));
    assert.equal(
      line("kill -9"),
      `kill -9 ${before[1]}: the worker and the actor's memory are gone`,
    );
    assert.equal(
      line("actor: Counter still reads"),
      "actor: Counter still reads 1000 (rebuilt from its call log)",
    );
    assert.equal(line("actor: one more call"), "actor: one more call returns 1001");
    const now = /^actor: now on worker pid (\d+) of node-\S+, restarts: 1$/.exec(
      line("actor: now on"),
    );
    assert.ok(now !== null, lines.join("\n"));
    assert.notEqual(now[1], before[1]);
  });

  it("leaves no worker process and no session dir behind", () => {
    const pids = [line("cluster:"), line("shutdown:")].flatMap((l) =>
      [...l.matchAll(/\d+/g)].map((m) => Number(m[0])),
    );
    assert.ok(pids.length >= 3, lines.join("\n"));
    assert.deepEqual(pids.filter(isAlive), []);
    const sessions = join(tmpdir(), "rayx");
    const left = existsSync(sessions)
      ? readdirSync(sessions).filter((name) => name.endsWith(`-${child?.pid}`))
      : [];
    assert.deepEqual(left, []);
  });
});
