/** Processes of the daemons the CLI tests start: liveness without zombies, and process groups. */
import { readFileSync, readdirSync } from "node:fs";

/** True while `pid` runs (a zombie counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Live processes in `pid`'s process group (a daemon leads its own, its workers in it). */
export function groupOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((p) => {
      try {
        const stat = readFileSync(`/proc/${p}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return Number(fields[2]) === pid && fields[0] !== "Z";
      } catch {
        return false;
      }
    });
}

/** SIGKILLs the process groups that `leaders` lead (daemons a failing test left behind). */
export function killGroups(leaders: Iterable<number>): void {
  for (const pid of leaders) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // gone already
    }
  }
}
