/**
 * Opens the two stores every process of a node shares, the same way in the driver
 * and in its workers: the GCS env (`<sessionDir>/gcs`) and the object store, with
 * rayx's ref-like classes registered in its codec.
 */
import { Gcs, openLmdbStore } from "@rayx/gcs";
import { openObjectStore, RefCodecRegistry } from "@rayx/objectstore";
import type { ObjectStore } from "@rayx/objectstore";
import { join } from "node:path";
import { ActorHandleTarget, handleFor } from "../ActorHandle.js";
import type { ActorAddress } from "./clusterClient.js";
import { ObjectRef } from "../ObjectRef.js";

export interface NodeStores {
  readonly gcs: Gcs;
  readonly store: ObjectStore;
}

/** The codecs of `ObjectRef` and actor handles, so they survive a trip through the store. */
function refCodecs(): RefCodecRegistry {
  return new RefCodecRegistry()
    .register({
      name: "rayx.ObjectRef",
      type: ObjectRef,
      encode: (ref) => ref.id,
      decode: (id) => new ObjectRef(id as string),
      objectIds: (ref) => [ref.id],
    })
    .register({
      name: "rayx.ActorHandle",
      type: ActorHandleTarget,
      encode: (h) => ({ actorId: h.actorId, className: h.className, methods: h.methods }),
      decode: (address) => handleFor(address as ActorAddress) as unknown as ActorHandleTarget,
    });
}

export function openNodeStores(sessionDir: string, objectStoreMemory?: number): NodeStores {
  return {
    gcs: new Gcs(openLmdbStore({ dir: join(sessionDir, "gcs") })),
    store: openNodeObjectStore(sessionDir, objectStoreMemory),
  };
}

/** The object store of the node whose session dir is `sessionDir`. */
export function openNodeObjectStore(sessionDir: string, objectStoreMemory?: number): ObjectStore {
  return openObjectStore({
    sessionDir,
    codecs: refCodecs(),
    ...(objectStoreMemory === undefined ? {} : { objectStoreMemory }),
  });
}
