/**
 * Where the log files of this host's worker processes are: every node keeps them
 * in `<session dir>/logs/` (`worker-<pid>.out|err`, written by its worker pool, and
 * `actor-<id>.out|err` / `task-<id>.out|err`, what a worker printed while that actor's
 * or task's call ran), and session dirs sit under a storage dir. Logs are files of
 * the host that ran the process; the CLI reads only this host's.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** One log file and the stream it holds. */
export interface LogFile {
  readonly path: string;
  readonly stream: "out" | "err";
}

const LOGS = "logs";

/**
 * The logs dirs under `storage`: its own (a session dir), its parent's (a GCS dir
 * inside a session dir) and those of every session dir in it.
 */
function logDirs(storage: string): string[] {
  const candidates = [join(storage, LOGS), join(dirname(storage), LOGS)];
  if (existsSync(storage) && statSync(storage).isDirectory()) {
    for (const entry of readdirSync(storage, { withFileTypes: true })) {
      if (entry.isDirectory()) candidates.push(join(storage, entry.name, LOGS));
    }
  }
  return [...new Set(candidates)].filter((dir) => existsSync(dir));
}

/** The `.out` and `.err` files of worker process `pid` (the newest, if pids repeated across sessions); empty when none. */
export function workerLogFiles(storage: string, pid: number): LogFile[] {
  let newest: { dir: string; mtime: number } | undefined;
  for (const dir of logDirs(storage)) {
    const out = join(dir, `worker-${pid}.out`);
    if (!existsSync(out)) continue;
    const mtime = statSync(out).mtimeMs;
    if (newest === undefined || mtime > newest.mtime) newest = { dir, mtime };
  }
  if (newest === undefined) return [];
  return filesIn(newest.dir).filter((file) => basename(file.path).startsWith(`worker-${pid}.`));
}

/**
 * The `.out` and `.err` files of an actor or task, in every session dir (an actor
 * rebuilt on another node of this host printed into that node's), oldest first.
 */
export function subjectLogFiles(storage: string, kind: "actor" | "task", id: string): LogFile[] {
  const name = `${kind}-${id.replace(/[^A-Za-z0-9._-]/g, "_")}.`;
  return logDirs(storage)
    .flatMap((dir) => filesIn(dir).filter((file) => basename(file.path).startsWith(name)))
    .sort((a, b) => statSync(a.path).mtimeMs - statSync(b.path).mtimeMs);
}

/**
 * Every log file of the node whose process is `pid`: its session dir is named
 * `session-<time>-<pid>` (what `init()` and `rayx start` make). Empty when not on this host.
 */
export function nodeLogFiles(storage: string, pid: number): LogFile[] {
  const dir = logDirs(storage).find((logs) => basename(dirname(logs)).endsWith(`-${pid}`));
  return dir === undefined ? [] : filesIn(dir);
}

/**
 * Every worker that left log files here: its pid, and the pid of its node's manager
 * (from its session dir's name, `session-<time>-<pid>`; `undefined` when not so named).
 */
export function workerPids(storage: string): { pid: number; managerPid: number | undefined }[] {
  const found = new Map<number, number | undefined>();
  for (const dir of logDirs(storage)) {
    const manager = /-(\d+)$/.exec(basename(dirname(dir)))?.[1];
    for (const name of readdirSync(dir)) {
      const pid = /^worker-(\d+)\.out$/.exec(name)?.[1];
      if (pid !== undefined)
        found.set(Number(pid), manager === undefined ? undefined : Number(manager));
    }
  }
  return [...found].map(([pid, managerPid]) => ({ pid, managerPid }));
}

function filesIn(dir: string): LogFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".out") || name.endsWith(".err"))
    .sort()
    .map((name) => ({ path: join(dir, name), stream: name.endsWith(".out") ? "out" : "err" }));
}
