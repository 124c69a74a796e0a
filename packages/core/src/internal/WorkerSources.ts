/**
 * The worker sources of one node manager — its local `WorkerPool` and one
 * `RemoteNode` per joined node — seen as one: each call on a worker goes to the source
 * that owns it, listeners hear every source (present and attached later), and
 * `shutdown()` stops them all. A frame naming stored objects that the worker's node
 * does not hold waits (and the frames after it to that worker, so order holds) until
 * `ObjectPlacement` has pulled them there; a failed pull fails that request.
 */
import { ChannelClosedError, WorkerStartError } from "../errors.js";
import { errorInfoOf } from "./errorInfo.js";
import type { Frame } from "./Frame.js";
import type { ObjectPlacement } from "./ObjectPlacement.js";
import { WorkerEvents } from "./WorkerEvents.js";
import type { WorkerSource } from "./WorkerSource.js";
import type { WorkerInfo } from "./WorkerPool.js";

interface Attached {
  readonly nodeId: string;
  readonly source: WorkerSource;
}

export class WorkerSources extends WorkerEvents implements WorkerSource {
  readonly #sources = new Map<WorkerSource, Attached>();
  readonly #owner = new Map<string, Attached>();
  readonly #local: Attached;
  readonly #placement: ObjectPlacement;
  /** Frames waiting for a pull, by worker id, in order. */
  readonly #held = new Map<string, Frame[]>();

  /** `local` is the manager's own pool, where `add()` starts dedicated workers. */
  constructor(nodeId: string, local: WorkerSource, placement: ObjectPlacement) {
    super();
    this.#placement = placement;
    this.#local = this.attach(nodeId, local);
  }

  /** Adds a source (a node that joined); its workers and events become this set's. */
  attach(nodeId: string, source: WorkerSource): Attached {
    const attached = { nodeId, source };
    this.#sources.set(source, attached);
    for (const worker of source.workers()) this.#owner.set(worker.workerId, attached);
    source.onFrame((workerId, frame) => {
      if (frame.kind === "result" && frame.value.kind === "objectRef") {
        this.#placement.stored(frame.value.objectId, nodeId);
      }
      this.emitFrame(workerId, frame);
    });
    source.onExit((exit) => {
      this.emitExit(exit);
    });
    return attached;
  }

  /** Forgets a source that is gone (its workers' exits were reported first). */
  detach(source: WorkerSource): void {
    this.#sources.delete(source);
    for (const [workerId, attached] of this.#owner) {
      if (attached.source === source) this.#owner.delete(workerId);
    }
  }

  /** The node id of the source that runs `workerId`. */
  nodeOf(workerId: string): string {
    return this.#owner.get(workerId)?.nodeId ?? this.#local.nodeId;
  }

  workers(): WorkerInfo[] {
    return [...this.#sources.keys()].flatMap((source) => source.workers());
  }

  send(workerId: string, frame: Frame): void {
    const attached = this.#owner.get(workerId);
    if (attached === undefined) throw new ChannelClosedError(`worker ${workerId}`);
    const held = this.#held.get(workerId);
    if (held !== undefined) {
      held.push(frame);
    } else if (this.#placement.missing(attached.nodeId, frame).length === 0) {
      attached.source.send(workerId, frame);
    } else {
      this.#held.set(workerId, [frame]);
      void this.#release(workerId, attached);
    }
  }

  /** Sends the held frames of `workerId` in order, each once its stored objects are on the node. */
  async #release(workerId: string, attached: Attached): Promise<void> {
    const held = this.#held.get(workerId) as Frame[];
    for (let frame = held.shift(); frame !== undefined; frame = held.shift()) {
      try {
        for (const id of this.#placement.missing(attached.nodeId, frame)) {
          await this.#placement.bring(attached.nodeId, id);
        }
      } catch (error) {
        this.#failed(workerId, attached, frame, error);
        continue;
      }
      try {
        attached.source.send(workerId, frame);
      } catch {
        // The worker died meanwhile; its exit fails what it was asked.
      }
    }
    this.#held.delete(workerId);
  }

  /** A pull for `frame` failed: the request it carried (or answered) fails with the reason. */
  #failed(workerId: string, attached: Attached, frame: Frame, error: unknown): void {
    if (!("requestId" in frame)) return;
    const failure: Frame = {
      kind: "failure",
      requestId: frame.requestId,
      error: errorInfoOf(error),
    };
    if (frame.kind === "result") {
      try {
        attached.source.send(workerId, failure);
      } catch {
        // The worker died meanwhile.
      }
      return;
    }
    this.emitFrame(workerId, failure);
  }

  add(): Promise<WorkerInfo> {
    return this.#track(this.#local, this.#local.source.add());
  }

  async retire(workerId: string): Promise<void> {
    const attached = this.#owner.get(workerId);
    this.#owner.delete(workerId);
    await attached?.source.retire(workerId);
  }

  replace(workerId: string): Promise<WorkerInfo> {
    const attached = this.#owner.get(workerId);
    if (attached === undefined || !this.#sources.has(attached.source)) {
      return Promise.reject(new WorkerStartError(`no live node runs worker '${workerId}'`));
    }
    this.#owner.delete(workerId);
    return this.#track(attached, attached.source.replace(workerId));
  }

  async shutdown(): Promise<void> {
    await Promise.all([...this.#sources.keys()].map((source) => source.shutdown()));
  }

  async #track(attached: Attached, started: Promise<WorkerInfo>): Promise<WorkerInfo> {
    const info = await started;
    this.#owner.set(info.workerId, attached);
    return info;
  }
}
