/**
 * The GCS objects table as the cluster's object directory: the node manager records
 * each object it keeps in an object store (size, the nodes holding a copy, owner,
 * producing task) and removes the record when the object is freed; `state.listObjects`
 * and the CLI read the table, and `pullObject` finds copies on other nodes through it
 * (`ObjectDirectory` of `@rayx/objectstore`).
 */
import type { GcsApi, ObjectInfo } from "@rayx/gcs";
import type { ObjectDirectory, ObjectLocation } from "@rayx/objectstore";

/** The transfer address of a node's object store; defaults to the node's recorded address. */
export type TransferAddressOf = (nodeId: string) => Promise<string | undefined>;

const warn = (what: string) => (error: unknown) =>
  process.emitWarning(`rayx: could not ${what} in the GCS objects table: ${String(error)}`);

/**
 * @example
 * const directory = new GcsObjectDirectory(gcs);
 * directory.record({ objectId, size, locations: [nodeId], ownerId: jobId, createdAt: Date.now() });
 * const copies = await directory.locations(objectId); // [{ nodeId, address }]
 */
export class GcsObjectDirectory implements ObjectDirectory {
  readonly #transferAddressOf: TransferAddressOf;
  /** Writes not yet committed (`flushed` waits for them). */
  readonly #writing = new Set<Promise<void>>();

  constructor(
    private readonly gcs: GcsApi,
    transferAddressOf?: TransferAddressOf,
  ) {
    this.#transferAddressOf =
      transferAddressOf ?? (async (nodeId) => (await gcs.getNode(nodeId))?.address);
  }

  /** Writes (or replaces) the record of a stored object. */
  record(info: ObjectInfo): void {
    this.#track(this.gcs.putObject(info).catch(warn(`record object ${info.objectId}`)));
  }

  /** Removes the record of a freed object. */
  remove(objectId: string): void {
    this.#track(this.gcs.removeObject(objectId).catch(warn(`remove object ${objectId}`)));
  }

  /** Resolves once the records and removals made so far are committed. */
  async flushed(): Promise<void> {
    await Promise.all(this.#writing);
  }

  #track(write: Promise<void>): void {
    this.#writing.add(write);
    void write.finally(() => this.#writing.delete(write));
  }

  async addLocation(id: string, location: ObjectLocation): Promise<void> {
    const info = await this.gcs.getObject(id);
    if (info === undefined || info.locations.includes(location.nodeId)) return;
    await this.gcs.putObject({ ...info, locations: [...info.locations, location.nodeId] });
  }

  async locations(id: string): Promise<readonly ObjectLocation[]> {
    const info = await this.gcs.getObject(id);
    const found = await Promise.all(
      (info?.locations ?? []).map(async (nodeId) => {
        const address = await this.#transferAddressOf(nodeId);
        return address === undefined || address === "" ? undefined : { nodeId, address };
      }),
    );
    return found.filter((location) => location !== undefined);
  }
}
