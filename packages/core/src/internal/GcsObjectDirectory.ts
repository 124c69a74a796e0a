/**
 * The GCS objects table as the cluster's object directory: the head's node manager
 * records each object it keeps in an object store (size, the nodes holding a copy,
 * owner, producing task), rewrites its locations as copies are pulled to nodes or go
 * with a dead node, and removes the record when the object is freed or lost.
 * `state.listObjects`, `rayx list objects` and `rayx memory` read the table. Where the
 * copies are is decided by `ObjectPlacement` (in memory, per call); this only mirrors
 * it, and writes nothing for inline objects.
 */
import type { GcsApi, ObjectInfo } from "@rayx/gcs";

const warn = (what: string) => (error: unknown) =>
  process.emitWarning(`rayx: could not ${what} in the GCS objects table: ${String(error)}`);

/**
 * @example
 * const directory = new GcsObjectDirectory(gcs);
 * directory.record({ objectId, size, locations: [headId], ownerId: jobId, createdAt: Date.now() });
 * directory.relocate(objectId, [headId, nodeId]); // pulled to a joined node
 * directory.remove(objectId); // freed
 */
export class GcsObjectDirectory {
  /** The records written and not removed, by object id (so a relocation needs no read). */
  readonly #records = new Map<string, ObjectInfo>();
  /** Writes not yet committed (`flushed` waits for them). */
  readonly #writing = new Set<Promise<void>>();

  constructor(private readonly gcs: GcsApi) {}

  /** Writes (or replaces) the record of a stored object. */
  record(info: ObjectInfo): void {
    this.#records.set(info.objectId, info);
    this.#put(info);
  }

  /** The copies of a recorded object are now on `locations` (node ids); one not recorded is left alone. */
  relocate(objectId: string, locations: readonly string[]): void {
    const info = this.#records.get(objectId);
    if (info === undefined || sameMembers(info.locations, locations)) return;
    this.record({ ...info, locations: [...locations] });
  }

  /**
   * A recorded object went to its spill file at `url` (`file://…`), or, with `undefined`,
   * is back in memory; one not recorded is left alone.
   */
  spilled(objectId: string, url: string | undefined): void {
    const info = this.#records.get(objectId);
    if (info === undefined || info.spilledUrl === url) return;
    const { spilledUrl: _, ...rest } = info;
    this.record(url === undefined ? rest : { ...rest, spilledUrl: url });
  }

  /** Removes the record of a freed (or lost) object. */
  remove(objectId: string): void {
    if (!this.#records.delete(objectId)) return;
    this.#track(this.gcs.removeObject(objectId).catch(warn(`remove object ${objectId}`)));
  }

  /** Resolves once the records and removals made so far are committed. */
  async flushed(): Promise<void> {
    await Promise.all(this.#writing);
  }

  #put(info: ObjectInfo): void {
    this.#track(this.gcs.putObject(info).catch(warn(`record object ${info.objectId}`)));
  }

  #track(write: Promise<void>): void {
    this.#writing.add(write);
    void write.finally(() => this.#writing.delete(write));
  }
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}
