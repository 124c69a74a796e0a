/**
 * Where objects live across the cluster. The object store only needs two calls,
 * so it takes this narrow interface and `@rayx/core` backs it with the GCS objects
 * table; tests and single-node setups can back it with a `Map`.
 */
import type { ObjectId } from "./ObjectId.js";

/** A node that holds a copy of an object, and the transfer address to pull it from. */
export interface ObjectLocation {
  readonly nodeId: string;
  /** The node's object transfer endpoint, e.g. `ws://10.0.0.7:40123`. */
  readonly address: string;
}

/**
 * The cluster-wide record of object locations.
 *
 * @example
 * const table = new Map<string, ObjectLocation[]>();
 * const directory: ObjectDirectory = {
 *   addLocation: async (id, at) => void table.set(id, [...(table.get(id) ?? []), at]),
 *   locations: async (id) => table.get(id) ?? [],
 * };
 */
export interface ObjectDirectory {
  addLocation(id: ObjectId, location: ObjectLocation): Promise<void>;
  locations(id: ObjectId): Promise<readonly ObjectLocation[]>;
}
