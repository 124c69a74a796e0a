/**
 * Logs per actor and per task: in a worker, what its code writes to stdout and stderr
 * while a traced call runs is also appended to `<logDir>/<actor|task>-<id>.out|err`,
 * so `rayx logs` shows one actor's or one task's prints, not its whole worker's (the
 * worker's own files keep everything). The files stay in the session dir after the
 * cluster stopped. Appends are synchronous: prints keep their order, and a print
 * right before a crash is on disk.
 */
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { currentSubject } from "./CallTracer.js";

/** The log file of an actor or task for one stream; ids are kept to `[A-Za-z0-9._-]`. */
export function subjectLogPath(
  logDir: string,
  kind: "actor" | "task",
  id: string,
  stream: "out" | "err",
): string {
  return join(logDir, `${kind}-${id.replace(/[^A-Za-z0-9._-]/g, "_")}.${stream}`);
}

/** Makes this process's stdout and stderr writes made during traced calls go to their subject's files too. */
export function captureSubjectOutput(logDir: string): void {
  copyWrites(process.stdout, logDir, "out");
  copyWrites(process.stderr, logDir, "err");
}

function copyWrites(stream: NodeJS.WriteStream, logDir: string, name: "out" | "err"): void {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = (chunk: unknown, ...rest: unknown[]) => {
    const subject = currentSubject();
    if (subject !== undefined && (typeof chunk === "string" || chunk instanceof Uint8Array)) {
      try {
        appendFileSync(subjectLogPath(logDir, subject.kind, subject.id, name), chunk, {
          mode: 0o600,
        });
      } catch {
        // A full disk must not fail the call: the worker's own log still has the line.
      }
    }
    return write(chunk, ...rest);
  };
}
