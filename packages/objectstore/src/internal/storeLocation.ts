/**
 * Where a node's object store lives and how big it may grow, derived only from
 * the session dir so that every process of the node computes the same answer:
 * the env goes on memory-backed pages (`/dev/shm`) when the host has them, else
 * under the session dir; the default capacity is 30 % of RAM (Ray's default),
 * never more than 80 % of the memory-backed dir's free space.
 */
import { createHash } from "node:crypto";
import { existsSync, statfsSync } from "node:fs";
import { totalmem } from "node:os";
import { basename, join, resolve } from "node:path";

const SHM = "/dev/shm";

/** The env dir for `sessionDir`: `/dev/shm/rayx-<session>-<hash>` if `/dev/shm` exists, else `<sessionDir>/objects`. */
export function defaultStoreDir(sessionDir: string): string {
  if (!existsSync(SHM)) return join(sessionDir, "objects");
  const absolute = resolve(sessionDir);
  const hash = createHash("sha256").update(absolute).digest("hex").slice(0, 16);
  const name = basename(absolute)
    .replace(/[^\w.-]/g, "_")
    .slice(0, 40);
  return join(SHM, `rayx-${name}-${hash}`);
}

/** 30 % of RAM, capped at 80 % of the free space of the filesystem holding `dir`'s parent. */
export function defaultCapacity(dir: string): number {
  const fromRam = Math.floor(totalmem() * 0.3);
  try {
    const fs = statfsSync(join(dir, ".."));
    return Math.min(fromRam, Math.floor(fs.bavail * fs.bsize * 0.8));
  } catch {
    return fromRam;
  }
}

/**
 * The fixed LMDB map size for a capacity: twice the capacity (free pages, the
 * copy-on-write of the B-trees and not-yet-reclaimed pages of freed objects) plus 1 GiB.
 * The map is sparse; only written pages use memory.
 */
export function mapSizeFor(capacity: number): number {
  return Math.ceil((capacity * 2 + 2 ** 30) / 2 ** 20) * 2 ** 20;
}
