/**
 * The nodes that joined this head: each `rayx.node.v1` connection becomes a
 * `RemoteNode` whose workers run tasks and actors like local ones, under its own
 * resources; when it goes away its workers' exits move what ran there elsewhere, and
 * objects only it held are lost (rebuilt from lineage, or failed).
 */
import { hostname } from "node:os";
import { join } from "node:path";
import type { Gcs } from "@rayx/gcs";
import type { WebSocket } from "ws";
import type { ClusterResources } from "../ClusterResources.js";
import type { ObjectPlacement, TransferOptions } from "../ObjectPlacement.js";
import { RemoteNode } from "../RemoteNode.js";
import type { WorkerSources } from "../WorkerSources.js";
import type { WorkerSlots } from "../workers/WorkerSlots.js";

export interface NodeMembershipOptions {
  readonly headNodeId: string;
  readonly sessionDir: string;
  readonly namespace: string;
  readonly gcs: Gcs;
  readonly placement: ObjectPlacement;
  readonly resources: ClusterResources;
  readonly sources: WorkerSources;
  readonly workers: WorkerSlots;
  /** Object-store objects whose only copy left with a node. */
  readonly lost: (storedIds: readonly string[], why: string) => void;
  /** The runtime is shutting down: a node that joins now is sent away. */
  readonly stopped: () => boolean;
}

export class NodeMembership {
  readonly #options: NodeMembershipOptions;
  readonly #nodes = new Set<RemoteNode>();
  #joined = 0;

  constructor(options: NodeMembershipOptions) {
    this.#options = options;
  }

  /**
   * Takes in a node joining over `socket` once its agent has said hello. `transfer`
   * says where the head serves its own objects to nodes (and the token).
   */
  async accept(socket: WebSocket, transfer: TransferOptions = {}): Promise<RemoteNode> {
    const { gcs, placement, resources, sources } = this.#options;
    const node = await RemoteNode.accept(socket, {
      gcs,
      stored: (nodeId, storedId, size) => placement.stored(storedId, nodeId, size),
      used: (nodeId) => resources.used(nodeId),
      tag: `n${this.#joined++ + 2}`,
      welcome: {
        kind: "welcome",
        headNodeId: this.#options.headNodeId,
        hostname: hostname(),
        gcsDir: join(this.#options.sessionDir, "gcs"),
        namespace: this.#options.namespace,
      },
    });
    if (this.#options.stopped()) {
      await node.shutdown();
      return node;
    }
    await placement.addNode(node, transfer);
    this.#nodes.add(node);
    resources.addNode(node.nodeId, node.resources);
    sources.attach(node.nodeId, node);
    for (const info of node.workers()) this.#options.workers.add(info.workerId, info.pid);
    void node.closed.then(() => {
      this.#nodes.delete(node);
      sources.detach(node);
      resources.removeNode(node.nodeId);
      const lost = placement.removeNode(node.nodeId);
      if (lost.length > 0) this.#options.lost(lost, `its node ${node.nodeId} died`);
    });
    return node;
  }

  /** The joined nodes that are connected now. */
  list(): readonly RemoteNode[] {
    return [...this.#nodes];
  }
}
