/**
 * Process helpers of the chaos suite, read from `/proc`: the children and all the
 * descendants of a process (an embedded cluster's workers are its driver's children;
 * a joined node's workers are its agent's), liveness without counting zombies, and a
 * `kill -9` that ignores processes already gone.
 */
import { readdirSync, readFileSync } from "node:fs";

/** The parent pid of `pid`, or `undefined` once it is gone. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

function allPids(): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/** The live child processes of `pid`. */
export function childrenOf(pid: number): number[] {
  return allPids().filter((child) => parentOf(child) === pid && isAlive(child));
}

/** Every process below `pid` (children, their children, …). */
export function descendantsOf(pid: number): number[] {
  const parents = new Map(allPids().map((p) => [p, parentOf(p)]));
  const found: number[] = [];
  const below = [pid];
  while (below.length > 0) {
    const parent = below.pop() as number;
    for (const [child, ppid] of parents) {
      if (ppid === parent) {
        found.push(child);
        below.push(child);
      }
    }
  }
  return found;
}

/** True while `pid` runs; a zombie (exited, not yet reaped) counts as gone. */
export function isAlive(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return false;
  }
  return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
}

/** `kill -9 pid`; false if it was already gone. */
export function killHard(pid: number): boolean {
  try {
    process.kill(pid, "SIGKILL");
    return true;
  } catch {
    return false;
  }
}

/** Polls `condition` every 20 ms until it holds; throws after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
