/**
 * Reference counting in the node's shared LMDB env. An object lives while it has
 * at least one holder: a process (`proc:<pid>:<nonce>`, one entry however many refs
 * the process keeps — local counts live in `ProcessRefs`), a pending task or any
 * other name `@rayx/core` chooses (`task:<id>`), or another stored object that
 * contains a ref to it (`obj:<id>`). Pins (`pin:<pid>:<nonce>`) are holders too:
 * a pinned object is neither spilled nor freed. The holders are a set kept in the
 * object's meta; every method runs inside a write transaction, so counts stay
 * exact across the node's processes.
 */
import type { ObjectMeta, ObjectTables } from "./ObjectTables.js";
import type { SpillFiles } from "./SpillFiles.js";

const PIN_PREFIX = "pin:";

/** Whether a holder name is a pin (a process's zero-copy view). */
export const isPin = (holder: string): boolean => holder.startsWith(PIN_PREFIX);

/** Whether any process has a zero-copy view of the object. */
export const isPinned = (meta: ObjectMeta): boolean => meta.holders.some(isPin);

/** The holder name of a process (`prefix` "proc" for refs, "pin" for views). */
export const processHolder = (prefix: "proc" | "pin", pid: number, nonce: string): string =>
  `${prefix}:${pid}:${nonce}`;

/** The holder an object `containerId` puts on each object it refers to. */
export const containerHolder = (containerId: string): string => `obj:${containerId}`;

/** Whether process `pid` still runs (a `kill(pid, 0)` probe; EPERM means it runs as another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export class ReferenceTable {
  constructor(
    private readonly tables: ObjectTables,
    private readonly files: SpillFiles,
  ) {}

  /** Adds `holder` (idempotent). Returns false when the object does not exist. */
  add(id: string, holder: string): boolean {
    const meta = this.tables.getMeta(id);
    if (!meta) return false;
    if (!meta.holders.includes(holder)) {
      meta.holders.push(holder);
      this.tables.meta.putSync(id, meta);
    }
    return true;
  }

  /** Removes `holder` (idempotent); frees the object when nothing holds it any more. */
  remove(id: string, holder: string): void {
    const meta = this.tables.getMeta(id);
    const at = meta?.holders.indexOf(holder) ?? -1;
    if (!meta || at < 0) return;
    meta.holders.splice(at, 1);
    this.putOrFree(id, meta);
  }

  /** Drops every holder but the pins: the object goes now, or when its last pin does. */
  removeAll(id: string): void {
    const meta = this.tables.getMeta(id);
    if (!meta) return;
    meta.holders = meta.holders.filter(isPin);
    this.putOrFree(id, meta);
  }

  /** Holders of `id`, pins included. */
  holders(id: string): string[] {
    return this.tables.getMeta(id)?.holders ?? [];
  }

  /** Removes the holders of processes for which `isAlive(pid)` is false; returns how many went. */
  sweep(isAlive: (pid: number) => boolean): number {
    const dead: [string, string][] = [];
    for (const [id, meta] of this.tables.allMeta())
      for (const holder of meta.holders) {
        const match = /^(?:proc|pin):(\d+):/.exec(holder);
        if (match && !isAlive(Number(match[1]))) dead.push([id, holder]);
      }
    for (const [id, holder] of dead) this.remove(id, holder);
    return dead.length;
  }

  /** Writes `meta` back, or frees the object when it has no holder left. */
  private putOrFree(id: string, meta: ObjectMeta): void {
    if (meta.holders.length === 0) this.free(id, meta);
    else this.tables.meta.putSync(id, meta);
  }

  private free(id: string, meta: ObjectMeta): void {
    const { tables } = this;
    if (meta.resident) tables.removeParts(id, meta);
    if (meta.onDisk) this.files.remove(id);
    tables.meta.removeSync(id);
    tables.updateCounters((c) => {
      c.objects--;
      if (meta.resident) c.used -= meta.size;
      else {
        c.spilledObjects--;
        c.spilledBytes -= meta.size;
      }
    });
    for (const nested of meta.nested) this.remove(nested, containerHolder(id));
  }
}
