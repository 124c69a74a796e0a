/** runCli in-process: help (exit 0), version, no command and unknown flags (exit 2, with the way to usage). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { runCli, type CliIo } from "../src/index.js";

/** Runs the CLI in this process, collecting what it writes. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

test("prints help listing every command, exit 0", async () => {
  const { code, stdout } = await run(["--help"]);
  assert.equal(code, 0);
  const commands = ["status", "list", "tree", "inspect", "history", "memory", "timeline", "logs"];
  for (const command of [...commands, "kill", "restart", "start", "stop", "run"]) {
    assert.match(stdout, new RegExp(`\\n  ${command} `));
  }
});

test("prints the package version, exit 0", async () => {
  assert.deepEqual(await run(["--version"]), { code: 0, stdout: "0.1.0\n", stderr: "" });
});

test("prints help on stderr and exits 2 when no command is given", async () => {
  const { code, stdout, stderr } = await run([]);
  assert.equal(code, 2);
  assert.equal(stdout, "");
  assert.match(stderr, /^Usage: rayx \[options\] \[command\]/);
});

test("refuses an unknown flag with exit 2 and says how to get usage", async () => {
  const { code, stderr } = await run(["status", "--jsn"]);
  assert.equal(code, 2);
  assert.match(
    stderr,
    /error: unknown option '--jsn'\n\(Did you mean --json\?\)\n\(run `rayx status --help` for usage\)/,
  );
});
