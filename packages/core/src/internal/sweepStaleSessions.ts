/**
 * Removes what sessions of dead drivers left behind. A driver killed with SIGKILL
 * cannot clean up: its workers follow it (no orphans), but its object store on
 * memory-backed pages (`/dev/shm/rayx-session-<time>-<pid>-<hash>`) and its session
 * dir under the default root (`<tmpdir>/rayx/session-<time>-<pid>`) stay. Like Ray's
 * stale-session cleanup, the next `init()` on the host removes those whose driver pid
 * no longer runs. Session dirs under a user's `storageDir` are kept: they are records.
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { running } from "./running.js";

const SHM = "/dev/shm";
/** `session-<base36 time>-<pid>`, optionally followed by `-<hash>` (the object store's dir). */
const SESSION = /^(?:rayx-)?session-[0-9a-z]+-(\d+)(?:-[0-9a-f]+)?$/;

function sweep(dir: string, prefix: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // no such dir: nothing left behind
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = SESSION.exec(name)?.[1];
    if (pid === undefined || Number(pid) === process.pid || running(Number(pid))) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}

/** Sweeps `/dev/shm` object stores and the default root's session dirs of dead drivers. */
export function sweepStaleSessions(defaultRoot: string): void {
  sweep(SHM, "rayx-session-");
  sweep(defaultRoot, "session-");
}
