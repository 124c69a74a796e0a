/**
 * Which session of a storage dir a head resumes. A running head marks its session
 * dir with `head.json` (its node id, pid and address); a graceful stop removes the
 * mark, a crash or `kill -9` leaves it. The next head started on the same storage
 * dir takes over the newest marked session whose head is gone (renaming the dir
 * after its own pid, so host sweeps see a live session) instead of starting a new one.
 */
import { readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { running } from "../running.js";

/** What a head writes into its session dir while it runs. */
export interface HeadMark {
  readonly nodeId: string;
  readonly pid: number;
  readonly address: string;
  readonly startedAt: number;
}

/** A session of an earlier head, now this process's. */
export interface ClaimedSession {
  readonly sessionDir: string;
  /** The head that ran it last. */
  readonly previous: HeadMark;
}

const MARK = "head.json";
const SESSION = /^session-([0-9a-z]+)-(\d+)$/;

/** The head mark of `sessionDir`, if it has a readable one. */
export function headMarkOf(sessionDir: string): HeadMark | undefined {
  try {
    return JSON.parse(readFileSync(join(sessionDir, MARK), "utf8")) as HeadMark;
  } catch {
    return undefined;
  }
}

/**
 * Takes over the newest session under `storageDir` left by a head that did not stop
 * (its mark is there, its pid no longer runs): renamed to `session-<its time>-<pid>`
 * of this process. Undefined when there is none (or another head took it first).
 */
export function claimHeadSession(storageDir: string): ClaimedSession | undefined {
  let names: string[];
  try {
    names = readdirSync(storageDir);
  } catch {
    return undefined;
  }
  const candidates: { name: string; time: string; mark: HeadMark }[] = [];
  for (const name of names) {
    const match = SESSION.exec(name);
    if (match === null || Number(match[2]) === process.pid || running(Number(match[2]))) continue;
    const mark = headMarkOf(join(storageDir, name));
    if (mark !== undefined) candidates.push({ name, time: match[1] as string, mark });
  }
  candidates.sort((a, b) => b.mark.startedAt - a.mark.startedAt);
  for (const { name, time, mark } of candidates) {
    const sessionDir = join(storageDir, `session-${time}-${process.pid}`);
    try {
      renameSync(join(storageDir, name), sessionDir);
    } catch {
      continue; // another head claimed it
    }
    // What only the dead head's processes used: its workers' socket, its spilled objects.
    for (const leftover of ["node.sock", "spill"]) {
      rmSync(join(sessionDir, leftover), { recursive: true, force: true });
    }
    return { sessionDir, previous: mark };
  }
  return undefined;
}

/** Marks `sessionDir` as run by this head (written again by each head that resumes it). */
export function markHeadSession(sessionDir: string, mark: HeadMark): void {
  writeFileSync(join(sessionDir, MARK), JSON.stringify(mark), { mode: 0o600 });
}

/** Removes the mark: the session ended with a graceful stop and is not resumed. */
export function unmarkHeadSession(sessionDir: string): void {
  rmSync(join(sessionDir, MARK), { force: true });
}
