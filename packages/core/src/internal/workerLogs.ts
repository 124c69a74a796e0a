/**
 * Where a worker's output goes when its pool has a log dir: each of its stdout and
 * stderr is appended to `<logDir>/worker-<pid>.out|err` (what `rayx logs` reads) and
 * echoed, line by line prefixed with `(pid=N) ` as Ray does, to this process's own
 * stdout or stderr, so the driver of an embedded cluster still sees it.
 */
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";

/** The log file of worker process `pid` for one of its streams. */
export function workerLogPath(logDir: string, pid: number, stream: "out" | "err"): string {
  return join(logDir, `worker-${pid}.${stream}`);
}

/** Tees a worker's piped stdout and stderr into its log files and `echo` (defaults to this process's output). */
export function captureWorkerOutput(
  child: { readonly stdout: Readable | null; readonly stderr: Readable | null },
  pid: number,
  logDir: string,
  echo: { readonly out: Writable; readonly err: Writable } = {
    out: process.stdout,
    err: process.stderr,
  },
): void {
  tee(child.stdout, workerLogPath(logDir, pid, "out"), echo.out, pid);
  tee(child.stderr, workerLogPath(logDir, pid, "err"), echo.err, pid);
}

function tee(source: Readable | null, path: string, echo: Writable, pid: number): void {
  if (source === null) return;
  const file = createWriteStream(path, { flags: "a", mode: 0o600 });
  // A full disk must not take the node down with it: the echo still shows the output.
  file.on("error", () => undefined);
  const prefix = `(pid=${pid}) `;
  // Only whole lines are echoed, so output of several workers does not interleave mid-line.
  let partial = "";
  source.setEncoding("utf8");
  source.on("data", (chunk: string) => {
    file.write(chunk);
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    if (lines.length > 0) echo.write(lines.map((line) => `${prefix}${line}\n`).join(""));
  });
  source.on("end", () => {
    if (partial !== "") echo.write(`${prefix}${partial}\n`);
    file.end();
  });
}
