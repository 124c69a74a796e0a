/**
 * Runs the parameter server example as a user does (a child process with the
 * workspace's loader flags) and checks its output: the loss of every round, which
 * goes on falling after the `kill -9` of the server's worker, and a clean exit.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";

const appDir = fileURLToPath(new URL("..", import.meta.url));
const flags = ["--conditions=rayx-source", "--import", "tsx"];
let child: ReturnType<typeof execFile> | undefined;
let run: { error: Error | null; lines: string[] } = { error: null, lines: [] };

before(
  async () => {
    run = await new Promise((resolve) => {
      child = execFile(
        process.execPath,
        [...flags, "src/main.ts"],
        { cwd: appDir, timeout: 60_000, killSignal: "SIGKILL" },
        (error, stdout) => resolve({ error, lines: stdout.trimEnd().split("\n") }),
      );
    });
  },
  { timeout: 70_000 },
);

after(() => {
  if (child !== undefined && child.exitCode === null && child.signalCode === null) {
    child.kill("SIGKILL");
  }
});

describe("apps/parameter-server", () => {
  it("exits 0 by itself", () => {
    assert.equal(run.error, null);
  });

  it("prints the loss of ten rounds, falling every round across the kill -9 of the server's worker", () => {
    const { lines } = run;
    assert.equal(lines[0], "training 8 weights on 4 shards, 10 rounds");
    assert.deepEqual(lines.slice(1, 6), [
      "round  1: loss 7.619865",
      "round  2: loss 3.524444",
      "round  3: loss 1.644986",
      "round  4: loss 0.774217",
      "round  5: loss 0.367176",
    ]);
    assert.match(lines[6] ?? "", /^kill -9 of the server's worker \(pid \d+\): training goes on$/);
    // Were the server rebuilt without its weights, round 6 would print round 1's loss.
    assert.deepEqual(lines.slice(7, 12), [
      "round  6: loss 0.175338",
      "round  7: loss 0.084246",
      "round  8: loss 0.040700",
      "round  9: loss 0.019758",
      "round 10: loss 0.009632",
    ]);
  });

  it("ends near the true weights, with the server restarted once", () => {
    assert.deepEqual(run.lines.slice(12), [
      "learned: 1.477 -1.946 0.477 2.917 -0.951 2.462 -0.470 0.989",
      "true:    1.500 -2.000 0.500 3.000 -1.000 2.500 -0.500 1.000",
      "server restarts: 1",
    ]);
  });
});
