/**
 * The stores of a worker process: its node's object store, and the cluster's GCS —
 * the GCS env under its node's session dir (a head or embedded node), the head's GCS
 * env dir when its node joined from the same host (LMDB is shared by every process
 * of a host), or a ws `GcsClient` to the head when it joined from another host.
 * The worker's environment (set by its node) says which.
 */
import { Gcs, GcsClient, openLmdbStore } from "@rayx/gcs";
import type { GcsApi } from "@rayx/gcs";
import type { ObjectStore } from "@rayx/objectstore";
import { join } from "node:path";
import { openNodeObjectStore } from "./openNodeStores.js";
import { GCS_ADDRESS_ENV, GCS_DIR_ENV, GCS_TOKEN_ENV } from "./workerEnv.js";

export interface WorkerStores {
  readonly gcs: GcsApi;
  readonly store: ObjectStore;
}

export async function openWorkerStores(sessionDir: string): Promise<WorkerStores> {
  const address = process.env[GCS_ADDRESS_ENV];
  const token = process.env[GCS_TOKEN_ENV];
  const gcs =
    address === undefined
      ? new Gcs(openLmdbStore({ dir: process.env[GCS_DIR_ENV] ?? join(sessionDir, "gcs") }))
      : await GcsClient.connect(address, token === undefined ? {} : { token });
  return { gcs, store: openNodeObjectStore(sessionDir) };
}
