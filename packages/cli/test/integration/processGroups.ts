/** Processes of the daemons the CLI tests start: liveness without zombies, and process groups. */
import { readFileSync, readdirSync } from "node:fs";

/** The fields of `/proc/<pid>/stat` after the command name (state first, pgrp third); undefined once it is gone. */
function statOf(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** True while `pid` runs (a zombie counts as gone). */
export function isAlive(pid: number): boolean {
  const fields = statOf(pid);
  return fields !== undefined && fields[0] !== "Z";
}

/** Live processes in `pid`'s process group (a daemon leads its own, its workers in it). */
export function groupOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((p) => {
      const fields = statOf(p);
      return fields !== undefined && Number(fields[2]) === pid && fields[0] !== "Z";
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
