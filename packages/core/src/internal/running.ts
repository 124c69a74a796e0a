import { readFileSync } from "node:fs";

/**
 * Whether `pid` names a running process (EPERM: it runs, as another user). A zombie
 * counts as gone: a daemon killed with SIGKILL is reparented to the container's init,
 * which may never reap it, and its session must still be resumable and sweepable.
 */
export function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return !isZombie(pid);
}

/** Whether `pid` is a zombie (Linux's /proc; false where there is none to read). */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.charAt(stat.lastIndexOf(")") + 2) === "Z";
  } catch {
    return false;
  }
}
