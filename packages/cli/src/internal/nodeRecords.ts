/**
 * The nodes `rayx start` started on this host, as files in the storage dir:
 * `<storage>/nodes/<nodeId>.json` (0600) with the daemon's pid, address and role.
 * `rayx stop` reads them to stop only what this host started; `rayx run` reads them
 * to find the head. A record whose process is gone is stale and removed.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { isNodeDaemon } from "@rayx/core/node";

export { isNodeDaemon };

export interface NodeRecord {
  readonly nodeId: string;
  readonly pid: number;
  /** The head's `ws://host:port` (for a joined node: the head it joined). */
  readonly address: string;
  readonly role: "head" | "node";
  readonly hostname: string;
  readonly sessionDir: string;
  /** The head's web dashboard (`http://host:port/`), when it serves one. */
  readonly dashboardUrl?: string;
  /** The daemon's stdout and stderr. */
  readonly logFile: string;
  readonly startedAt: number;
}

/** How the CLI names a node of `role` in what it prints. */
export function roleLabel(role: NodeRecord["role"]): string {
  return role === "head" ? "head node" : "joined node";
}

export function nodesDir(storage: string): string {
  return join(storage, "nodes");
}

export function writeNodeRecord(storage: string, record: NodeRecord): string {
  mkdirSync(nodesDir(storage), { recursive: true, mode: 0o700 });
  const file = join(nodesDir(storage), `${record.nodeId}.json`);
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  return file;
}

/** The records of nodes started from this host (a shared storage dir may hold other hosts'). */
export function readNodeRecords(storage: string): { file: string; record: NodeRecord }[] {
  let names: string[];
  try {
    names = readdirSync(nodesDir(storage)).filter((name) => name.endsWith(".json"));
  } catch {
    return [];
  }
  const records: { file: string; record: NodeRecord }[] = [];
  for (const name of names) {
    const file = join(nodesDir(storage), name);
    try {
      const record = JSON.parse(readFileSync(file, "utf8")) as NodeRecord;
      if (record.hostname === hostname() && Number.isInteger(record.pid)) {
        records.push({ file, record });
      }
    } catch {
      // A half-written or foreign file: not a node of ours.
    }
  }
  return records;
}

export function removeNodeRecord(file: string): void {
  rmSync(file, { force: true });
}

/** The running (not zombie) processes of process group `pgid`: a daemon and what it started. */
export function liveGroupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const [state, , group] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(group) === pgid && state !== "Z") members.push(Number(name));
    } catch {
      // It ended while we looked.
    }
  }
  return members;
}

/** The running head started from `storage`, if any. */
export function runningHead(storage: string): NodeRecord | undefined {
  return readNodeRecords(storage)
    .map(({ record }) => record)
    .find((record) => record.role === "head" && isNodeDaemon(record.pid));
}
