/**
 * Brings an object held by another node into this node's store: asks the
 * `ObjectDirectory` where it is, pulls it from the first location that still has
 * it (resuming after dropped connections), stores it under the same id, and records
 * this node as a new location.
 */
import type { ObjectDirectory, ObjectLocation } from "./ObjectDirectory.js";
import type { ObjectId } from "./ObjectId.js";
import { assertObjectId } from "./ObjectId.js";
import type { ObjectStore } from "./ObjectStore.js";
import { ObjectLostError, ObjectTransferError } from "./errors.js";
import { fetchObject } from "./internal/fetchObject.js";

export interface PullOptions {
  /** This node's store, where the object goes. Required. */
  readonly store: ObjectStore;
  /** Where objects are. Required. */
  readonly directory: ObjectDirectory;
  /** This node's own location; skipped as a source and recorded once the object is here. Required. */
  readonly self: ObjectLocation;
  /** The cluster token, sent at every connection. Defaults to none. */
  readonly token?: string;
  /** Reconnections per location after a dropped connection (each resumes). Defaults to 5. */
  readonly retries?: number;
  /** Who holds the pulled object here. Defaults to this process. */
  readonly holder?: string;
  /** Called with the offset of every connection attempt. Defaults to none. */
  readonly onAttempt?: (offset: number) => void;
}

/**
 * Makes `id` present in `options.store`, pulling it if needed. Returns the number of
 * connections the transfer took (0 when the object was already here).
 * @throws ObjectLostError when no listed location has it; ObjectTransferError.
 *
 * @example
 * await pullObject(id, { store, directory, self: { nodeId, address: server.address } });
 * const value = store.get(id);
 */
export async function pullObject(id: ObjectId, options: PullOptions): Promise<number> {
  assertObjectId(id);
  const { store, directory, self } = options;
  if (store.contains(id)) {
    await store.hold(id, options.holder);
    return 0;
  }
  const sources = (await directory.locations(id)).filter((at) => at.nodeId !== self.nodeId);
  const failures: string[] = [];
  let transferError: ObjectTransferError | undefined;
  for (const source of sources) {
    try {
      const { parts, connections } = await fetchObject(source.address, id, {
        token: options.token,
        retries: options.retries ?? 5,
        onAttempt: options.onAttempt,
      });
      await store.importParts(id, parts, options.holder);
      await directory.addLocation(id, self);
      return connections;
    } catch (error) {
      if (error instanceof ObjectTransferError) transferError = error;
      else if (!(error instanceof ObjectLostError)) throw error;
      failures.push(`${source.nodeId}: ${error.message}`);
    }
  }
  // A node that could not be reached may still have it: that is not "lost".
  if (transferError) throw transferError;
  throw new ObjectLostError(
    id,
    sources.length === 0
      ? "no node is listed as holding it"
      : `every listed node failed (${failures.join("; ")})`,
  );
}
