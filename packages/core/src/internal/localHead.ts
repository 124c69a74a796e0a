/**
 * The head node `rayx start --head` runs on this host, as `init()` and the CLI find
 * it: `rayx start` records each daemon in `<storage>/nodes/<nodeId>.json` (role,
 * pid, address, hostname), where `<storage>` is `--storage` / `RAYX_STORAGE` /
 * `<tmpdir>/rayx`. A record of another host, or whose process is no longer a rayx
 * node daemon, names no running head.
 */
import { readdirSync, readFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";

/** What a node record holds that a driver needs to join. */
export interface LocalHead {
  readonly nodeId: string;
  readonly pid: number;
  readonly address: string;
  readonly role: "head" | "node";
  readonly hostname: string;
}

/** The environment variable naming the storage dir of this host's nodes. */
export const STORAGE_ENV = "RAYX_STORAGE";

/** The storage dir of this host's nodes: `given`, else `RAYX_STORAGE`, else `<tmpdir>/rayx`. */
export function storageDirOf(given?: string): string {
  const fromEnv = process.env[STORAGE_ENV];
  return given ?? (fromEnv === undefined || fromEnv === "" ? join(tmpdir(), "rayx") : fromEnv);
}

/**
 * True while `pid` runs this host's rayx node daemon (not a process that reused the
 * pid since, and not a zombie).
 */
export function isNodeDaemon(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    if (stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z") return false;
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("nodeDaemon");
  } catch {
    return false;
  }
}

/** The running head recorded under `storage` on this host, if any. */
export function localHead(storage: string): LocalHead | undefined {
  let names: string[];
  try {
    names = readdirSync(join(storage, "nodes")).filter((name) => name.endsWith(".json"));
  } catch {
    return undefined;
  }
  for (const name of names) {
    let record: LocalHead;
    try {
      record = JSON.parse(readFileSync(join(storage, "nodes", name), "utf8")) as LocalHead;
    } catch {
      continue; // a half-written or foreign file: not a node of ours
    }
    if (record.role === "head" && record.hostname === hostname() && isNodeDaemon(record.pid)) {
      return record;
    }
  }
  return undefined;
}

/** The token `rayx start --head` kept in `<storage>/token`, if any. */
export function storedToken(storage: string): string | undefined {
  try {
    const token = readFileSync(join(storage, "token"), "utf8").trim();
    return token === "" ? undefined : token;
  } catch {
    return undefined;
  }
}
