import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { captureWorkerOutput, workerLogPath } from "../../src/internal/workerLogs.js";
import { waitFor } from "../fixtures/processes.js";

function collect(stream: PassThrough): () => string {
  let text = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => (text += chunk));
  return () => text;
}

test("keeps a process's stdout and stderr in its log files and echoes whole lines prefixed with its pid", async () => {
  const dir = await mkdtemp(join(tmpdir(), "rayx-logs-"));
  try {
    const script =
      'process.stdout.write("one\\ntw"); setTimeout(() => { process.stdout.write("o\\nthree"); ' +
      'console.error("oops"); }, 20);';
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    const pid = child.pid ?? 0;
    const out = new PassThrough();
    const err = new PassThrough();
    const [echoed, echoedErr] = [collect(out), collect(err)];
    captureWorkerOutput(child, pid, dir, { out, err });
    await new Promise((resolve) => child.once("close", resolve));
    const outFile = workerLogPath(dir, pid, "out");
    const errFile = workerLogPath(dir, pid, "err");
    assert.equal(outFile, join(dir, `worker-${pid}.out`));
    await waitFor(
      () => existsSync(errFile) && readFileSync(errFile, "utf8") === "oops\n",
      "the stderr log file",
    );
    await waitFor(() => readFileSync(outFile, "utf8") === "one\ntwo\nthree", "the stdout log file");
    assert.equal(echoed(), `(pid=${pid}) one\n(pid=${pid}) two\n(pid=${pid}) three\n`);
    assert.equal(echoedErr(), `(pid=${pid}) oops\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
