/**
 * The worker's `ClusterClient` as `WorkerHost` installs it: a `WorkerClient` that also
 * tells the node manager when the worker's code starts waiting in `get` or `wait` (a
 * `blocked` frame in each turn where a wait starts, never one per call) and when no
 * wait is left, so the resources of the tasks this worker runs are lent out while
 * they wait (`TaskLeases`), and the worker's queued lease tasks start (`LeaseChains`).
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
  /** A `blocked` notice went out in this turn. */
  #noticed = false;
  readonly #turnEnded = () => void (this.#noticed = false);
  /** Called when the worker's code starts waiting (no wait was pending). */
  readonly #onBlocked: () => void;

  constructor(
    channel: FrameChannel<Frame>,
    store: ObjectStore | undefined,
    namespace: string,
    onBlocked: () => void,
  ) {
    super(channel, store, namespace);
    this.#notices = channel;
    this.#onBlocked = onBlocked;
  }

  /** Whether the worker's code waits in `get`/`wait` now. */
  get waiting(): boolean {
    return this.#waiting > 0;
  }

  override get(objectId: string, timeoutMs?: number, zeroCopy?: boolean): Promise<unknown> {
    return this.#blocking(super.get(objectId, timeoutMs, zeroCopy));
  }

  override wait(
    objectIds: readonly string[],
    numReturns: number,
    timeoutMs?: number,
  ): Promise<WaitResult> {
    return this.#blocking(super.wait(objectIds, numReturns, timeoutMs));
  }

  #blocking<T>(pending: Promise<T>): Promise<T> {
    if (this.#waiting++ === 0) this.#onBlocked();
    if (!this.#noticed) {
      this.#noticed = true;
      setImmediate(this.#turnEnded);
      this.#notify(true);
    }
    const done = () => {
      if (--this.#waiting > 0) return;
      this.#noticed = false; // a wait starting later in this turn is news again
      this.#notify(false);
    };
    pending.then(done, done);
    return pending;
  }

  #notify(blocked: boolean): void {
    if (!this.#notices.closed) this.#notices.send({ kind: "blocked", blocked });
  }
}
