/**
 * The worker's `ClusterClient` as `WorkerHost` installs it: a `WorkerClient` that also
 * tells the node manager when the worker's code starts and stops waiting in `get` or
 * `wait` (a `blocked` frame on each change, never one per call), so the resources of
 * the tasks this worker runs are lent out while they wait (`TaskLeases`).
 */
import type { ObjectStore } from "@rayx/objectstore";
import type { WaitResult } from "./clusterClient.js";
import type { Frame } from "./Frame.js";
import type { FrameChannel } from "./FrameChannel.js";
import { WorkerClient } from "./WorkerClient.js";

export class BlockAwareClient extends WorkerClient {
  readonly #notices: FrameChannel<Frame>;
  /** `get`/`wait` calls not yet settled. */
  #waiting = 0;

  constructor(channel: FrameChannel<Frame>, store: ObjectStore | undefined, namespace: string) {
    super(channel, store, namespace);
    this.#notices = channel;
  }

  override get(objectId: string): Promise<unknown> {
    return this.#blocking(super.get(objectId));
  }

  override wait(
    objectIds: readonly string[],
    numReturns: number,
    timeoutMs?: number,
  ): Promise<WaitResult> {
    return this.#blocking(super.wait(objectIds, numReturns, timeoutMs));
  }

  #blocking<T>(pending: Promise<T>): Promise<T> {
    if (this.#waiting++ === 0) this.#notify(true);
    const done = () => {
      if (--this.#waiting === 0) this.#notify(false);
    };
    pending.then(done, done);
    return pending;
  }

  #notify(blocked: boolean): void {
    if (!this.#notices.closed) this.#notices.send({ kind: "blocked", blocked });
  }
}
