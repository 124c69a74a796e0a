/**
 * The resident memory of a process of this host, from `/proc/<pid>/status`
 * (Linux): what the nodes-and-workers view shows per worker.
 */
import { readFileSync } from "node:fs";

/** Bytes of `pid`'s resident set, or `undefined` when it is gone or not readable. */
export function residentBytes(pid: number): number | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}
