/**
 * This node's own record in the GCS nodes table: written when the node manager
 * starts, again with the endpoint's address once it listens (`advertise`), and by
 * the head's heartbeat rounds (`startHeadHeartbeat`) with the resources in use.
 */
import { hostname } from "node:os";
import type { Gcs, NodeInfo } from "@rayx/gcs";
import type { ClusterResources } from "../ClusterResources.js";
import { startHeadHeartbeat } from "../headHeartbeat.js";

export class NodeRecord {
  readonly #gcs: Gcs;
  readonly #resources: ClusterResources;
  #record: NodeInfo;
  /** Stops the heartbeat rounds; a no-op until they started. */
  #stopHeartbeat: () => Promise<void> = () => Promise.resolve();

  constructor(gcs: Gcs, nodeId: string, resources: ClusterResources, startedAt: number) {
    this.#gcs = gcs;
    this.#resources = resources;
    this.#record = {
      nodeId,
      address: "",
      hostname: hostname(),
      pid: process.pid,
      resources: resources.total,
      state: "alive",
      startedAt,
      lastHeartbeatAt: startedAt,
    };
  }

  /** Writes the record; resolves once committed. */
  write(): Promise<void> {
    return this.#gcs.putNode(this.#record);
  }

  /** Starts the heartbeat rounds that rewrite the record with the resources in use. */
  startHeartbeat(): void {
    const nodeId = this.#record.nodeId;
    this.#stopHeartbeat = startHeadHeartbeat(
      this.#gcs,
      () => this.#record,
      () => this.#resources.used(nodeId),
    );
  }

  /** Records the address this node's endpoint listens on. */
  advertise(address: string): Promise<void> {
    this.#record = { ...this.#record, address };
    return this.write();
  }

  /** Stops the heartbeat; resolves once its last write ended. */
  stop(): Promise<void> {
    return this.#stopHeartbeat();
  }
}
