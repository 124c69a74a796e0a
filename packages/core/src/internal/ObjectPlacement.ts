/**
 * Which node holds which object-store object, as the head sees it, and bringing an
 * object to the node that needs it. A worker's stored result lives in its own node's
 * store; before a frame that names stored objects (a call's arguments, the reply to a
 * worker's `get`) reaches a worker, the objects are pulled into that worker's node —
 * by its agent, or by the head itself for its own workers and the driver — from a
 * node that has a copy (each node serves its store with an `ObjectTransferServer`).
 * When a node dies, the objects only it held are lost (the caller rebuilds them);
 * so are those a pull could get from none of their holders — a node dead before the
 * head noticed — which go to `lost`. Each change of where an object is goes to
 * `moved` (the GCS objects table's mirror).
 */
import { pullObject, startObjectTransferServer } from "@rayx/objectstore";
import type { ObjectStore, ObjectTransferServer } from "@rayx/objectstore";
import type { Frame } from "./Frame.js";
import type { LinkLocation } from "./nodeLink.js";
import type { RemoteNode } from "./RemoteNode.js";
import { advertisedHost } from "./advertisedHost.js";
import { NODE_HOLDER } from "./storeHolders.js";
import { decodeValue } from "./wireCodec.js";

/** Where and how the head serves its object store to its nodes. */
export interface TransferOptions {
  /** Interface to bind; defaults to `"127.0.0.1"`. */
  readonly host?: string;
  /** The cluster token; defaults to none (loopback only). */
  readonly token?: string;
}

/** Object-store object `objectId` is now held by nodes `nodeIds` (the head's own id first when it has it). */
export type MovedListener = (objectId: string, nodeIds: readonly string[]) => void;

/** Object-store object `objectId` is on no node that answers any more, for reason `why`. */
export type LostListener = (objectId: string, why: string) => void;

/** The first bytes of an encoded value holding markers contain this tag (see `wireCodec`). */
const MARKERS = Buffer.from("\u0000rayx", "latin1");

export class ObjectPlacement {
  readonly #headNodeId: string;
  readonly #store: ObjectStore;
  #server: Promise<ObjectTransferServer> | undefined;
  readonly #nodes = new Map<string, RemoteNode>();
  /** Joined nodes holding a copy, by object-store id (the head's own store is asked directly). */
  readonly #copies = new Map<string, Set<string>>();
  /** Pulls under way, by `<node id> <object id>`. */
  readonly #pulls = new Map<string, Promise<void>>();
  #token: string | undefined;
  /** Sizes of objects made on joined nodes, as their agents reported them. */
  readonly #sizes = new Map<string, number>();
  readonly #moved: MovedListener;
  readonly #lost: LostListener;

  constructor(headNodeId: string, store: ObjectStore, moved: MovedListener, lost: LostListener) {
    this.#headNodeId = headNodeId;
    this.#store = store;
    this.#moved = moved;
    this.#lost = lost;
  }

  /**
   * A node joined: the head starts serving its own store (once, on `transfer.host`,
   * with the cluster's token, which its own pulls send too).
   */
  async addNode(node: RemoteNode, transfer: TransferOptions = {}): Promise<void> {
    this.#token = transfer.token;
    this.#server ??= startObjectTransferServer({
      store: this.#store,
      ...transfer,
      ...(transfer.host === undefined ? {} : { advertisedHost: advertisedHost(transfer.host) }),
    });
    await this.#server;
    this.#nodes.set(node.nodeId, node);
  }

  /** A node is gone; returns the objects that only it held (now lost). */
  removeNode(nodeId: string): string[] {
    this.#nodes.delete(nodeId);
    const lost: string[] = [];
    for (const [objectId, holders] of this.#copies) {
      if (!holders.delete(nodeId)) continue;
      if (holders.size === 0) {
        this.#copies.delete(objectId);
        this.#sizes.delete(objectId);
      }
      if (this.holders(objectId).length === 0) lost.push(objectId);
      else this.#moved(objectId, this.holders(objectId));
    }
    return lost;
  }

  /** Object-store object `objectId` (of `size` bytes, when known) was made on, or pulled to, node `nodeId`. */
  stored(objectId: string, nodeId: string, size?: number): void {
    if (nodeId === this.#headNodeId) return;
    if (size !== undefined) this.#sizes.set(objectId, size);
    let holders = this.#copies.get(objectId);
    if (holders === undefined) this.#copies.set(objectId, (holders = new Set()));
    if (holders.has(nodeId)) return;
    holders.add(nodeId);
    this.#moved(objectId, this.holders(objectId));
  }

  /** The nodes holding a copy of `objectId`: the head first when its store has it, then joined nodes. */
  holders(objectId: string): string[] {
    const joined = [...(this.#copies.get(objectId) ?? [])];
    return this.#store.contains(objectId) ? [this.#headNodeId, ...joined] : joined;
  }

  /** The head no longer needs `objectId`: the joined nodes holding it drop their hold. */
  forget(objectId: string): void {
    for (const holder of this.#copies.get(objectId) ?? [])
      this.#nodes.get(holder)?.release([objectId]);
    this.#copies.delete(objectId);
    this.#sizes.delete(objectId);
  }

  /** Where an object made on a joined node is (its first holder) and its size; none for the head's own. */
  located(objectId: string): { readonly nodeId: string; readonly size: number } | undefined {
    const [nodeId] = this.#copies.get(objectId) ?? [];
    return nodeId === undefined ? undefined : { nodeId, size: this.#sizes.get(objectId) ?? 0 };
  }

  has(nodeId: string, objectId: string): boolean {
    if (nodeId === this.#headNodeId) return this.#store.contains(objectId);
    return this.#copies.get(objectId)?.has(nodeId) ?? false;
  }

  /**
   * The node holding the most bytes of the stored objects that encoded `bytes` (a
   * task's arguments) name, so the task can run where its data is; `undefined` when
   * no node joined or they name none.
   */
  heaviest(bytes: Uint8Array): string | undefined {
    if (this.#nodes.size === 0) return undefined;
    const held = new Map<string, number>();
    for (const objectId of storedIdsIn(bytes)) {
      const size = this.#sizes.get(objectId) ?? this.#sizeHere(objectId);
      for (const nodeId of this.holders(objectId)) held.set(nodeId, (held.get(nodeId) ?? 0) + size);
    }
    let best: string | undefined;
    for (const [nodeId, size] of held)
      if (best === undefined || size > (held.get(best) ?? 0)) best = nodeId;
    return best;
  }

  /** The size of `objectId` in the head's store; 0 when it is not there. */
  #sizeHere(objectId: string): number {
    try {
      return this.#store.contains(objectId) ? this.#store.size(objectId) : 0;
    } catch {
      return 0; // freed meanwhile
    }
  }

  /** Whether a joined node holds a copy of `objectId`. */
  elsewhere(objectId: string): boolean {
    return (this.#copies.get(objectId)?.size ?? 0) > 0;
  }

  /** The stored objects `frame` names that node `nodeId` does not have (none while no node joined). */
  missing(nodeId: string, frame: Frame): string[] {
    if (this.#nodes.size === 0) return [];
    let ids: string[] = [];
    if (frame.kind === "result" && frame.value.kind === "objectRef") ids = [frame.value.objectId];
    else if (frame.kind === "call" || frame.kind === "spawnActor") ids = storedIdsIn(frame.args);
    return ids.filter((id) => !this.has(nodeId, id));
  }

  /** Makes node `nodeId` (a joined one, or the head) hold `objectId`, pulled from a node that has it. */
  bring(nodeId: string, objectId: string): Promise<void> {
    if (this.has(nodeId, objectId)) return Promise.resolve();
    const key = `${nodeId} ${objectId}`;
    let pull = this.#pulls.get(key);
    if (pull === undefined) {
      pull = this.#pull(nodeId, objectId)
        .catch((error: unknown) => {
          this.#pullFailed(nodeId, objectId, error as Error);
          throw error;
        })
        .finally(() => this.#pulls.delete(key));
      this.#pulls.set(key, pull);
    }
    return pull;
  }

  async #pull(nodeId: string, objectId: string): Promise<void> {
    const sources = await this.#sources(objectId);
    if (nodeId === this.#headNodeId) {
      const self = { nodeId, address: (await this.#server)?.address ?? "" };
      await pullObject(objectId, {
        store: this.#store,
        self,
        holder: NODE_HOLDER,
        ...(this.#token === undefined ? {} : { token: this.#token }),
        directory: {
          locations: () => Promise.resolve(sources),
          addLocation: () => Promise.resolve(),
        },
      });
      this.#moved(objectId, this.holders(objectId));
      return;
    }
    const node = this.#nodes.get(nodeId);
    if (node === undefined) throw new Error(`node ${nodeId} is gone`);
    await node.pull(objectId, sources);
    this.stored(objectId, nodeId);
  }

  /**
   * A pull of `objectId` to `nodeId` failed while only joined nodes hold it: they did
   * not give it (dead before the head noticed, or unreachable), so it is on none of
   * them any more, and lost. A pull to a node that is gone itself, or one the head's
   * store could have served, says nothing about the holders.
   */
  #pullFailed(nodeId: string, objectId: string, error: Error): void {
    if (nodeId !== this.#headNodeId && !this.#nodes.has(nodeId)) return;
    const holders = [...(this.#copies.get(objectId) ?? [])].filter((h) => h !== nodeId);
    if (holders.length === 0 || this.#store.contains(objectId)) return;
    for (const holder of holders) this.#copies.get(objectId)?.delete(holder);
    if (this.#copies.get(objectId)?.size === 0) {
      this.#copies.delete(objectId);
      this.#sizes.delete(objectId);
    }
    this.#moved(objectId, this.holders(objectId));
    const nodes = holders.length === 1 ? `node ${holders[0]}` : `nodes ${holders.join(", ")}`;
    this.#lost(objectId, `its copy on ${nodes} could not be pulled (${error.message})`);
  }

  /** Where `objectId` can be pulled from: the head's store first, then the joined nodes with a copy. */
  async #sources(objectId: string): Promise<LinkLocation[]> {
    const sources: LinkLocation[] = [];
    const server = await this.#server;
    if (server !== undefined && this.#store.contains(objectId)) {
      sources.push({ nodeId: this.#headNodeId, address: server.address });
    }
    for (const holder of this.#copies.get(objectId) ?? []) {
      const node = this.#nodes.get(holder);
      if (node !== undefined) sources.push({ nodeId: holder, address: node.transferAddress });
    }
    return sources;
  }

  async close(): Promise<void> {
    await (await this.#server?.catch(() => undefined))?.close();
  }
}

/** The ids of the stored values (`StoredValue` markers) inside encoded `bytes`. */
function storedIdsIn(bytes: Uint8Array): string[] {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 32));
  if (!head.includes(MARKERS)) return [];
  const ids: string[] = [];
  decodeValue(bytes, (id) => ids.push(id));
  return ids;
}
