/**
 * What a worker process does with the frames its node manager sends: says hello,
 * runs tasks (importing the user module that exports the function), hosts actor
 * cells (`ActorHost`), carries the replies to its own requests (`WorkerClient`), and
 * stops on request — after the calls in flight have replied (the pool SIGKILLs it
 * if that takes too long). Results above `INLINE_LIMIT_BYTES` go into the object
 * store and only their id travels back.
 */
import type { GcsApi } from "@rayx/gcs";
import type { ObjectStore } from "@rayx/objectstore";
import { ActorHost } from "./ActorHost.js";
import { BlockAwareClient } from "./BlockAwareClient.js";
import { setClusterClient } from "./clusterClient.js";
import { setRefTracker } from "./refTracker.js";
import { NODE_HOLDER, valueHolder } from "./storeHolders.js";
import { errorInfoOf } from "./errorInfo.js";
import type { FrameChannel } from "./FrameChannel.js";
import { PROTOCOL_VERSION } from "./Frame.js";
import type { CallFrame, Frame } from "./Frame.js";
import { loadExport } from "./loadExport.js";
import { LeaseChains } from "./LeaseChains.js";
import { INLINE_LIMIT_BYTES } from "./service/nodeService.js";
import { decodeValue, encodeValue } from "./wireCodec.js";
import { argsPreview } from "./tracing/argsPreview.js";
import { NODE_ID_ENV } from "./workerEnv.js";
import { setTraceSink, traced } from "./tracing/CallTracer.js";

/** The node's shared stores, opened by a worker of a runtime (absent for a bare pool). */
export interface WorkerServices {
  readonly gcs: GcsApi;
  readonly store: ObjectStore;
  readonly namespace: string;
}

export class WorkerHost {
  readonly #channel: FrameChannel<Frame>;
  readonly #services: WorkerServices | undefined;
  readonly #actors: ActorHost | undefined;
  readonly #client: BlockAwareClient;
  readonly #leases: LeaseChains;
  #inFlight = 0;
  #stopReason: string | undefined;

  constructor(
    channel: FrameChannel<Frame>,
    readonly workerId: string,
    /** Called when the node manager asks this worker to stop. */
    readonly onStop: (reason: string) => void,
    services?: WorkerServices,
  ) {
    this.#channel = channel;
    this.#services = services;
    this.#leases = new LeaseChains(() => this.#client.waiting);
    this.#client = new BlockAwareClient(
      channel,
      services?.store,
      services?.namespace ?? "default",
      () => this.#leases.blocked(),
    );
    setClusterClient(this.#client);
    setRefTracker(this.#client.refs);
    if (services !== undefined) {
      void setTraceSink({ gcs: services.gcs, nodeId: process.env[NODE_ID_ENV] ?? "", jobId: "" });
    }
    this.#actors =
      services === undefined
        ? undefined
        : new ActorHost(services.gcs, {
            send: (frame) => this.#reply(frame),
            replyValue: (requestId, value) => void this.#replyValue(requestId, value),
            fail: (requestId, error) => this.#fail(requestId, error),
            readStored: (id) => services.store.get(id),
            logObjects: {
              store: services.store,
              holdAs: (holder, holds, releases) => this.#client.holdAs(holder, holds, releases),
            },
          });
  }

  /** Announces the worker and starts serving frames. */
  start(): void {
    this.#channel.onFrame((frame) => this.#handle(frame));
    this.#channel.send({
      kind: "hello",
      workerId: this.workerId,
      pid: process.pid,
      protocol: PROTOCOL_VERSION,
    });
  }

  #handle(frame: Frame): void {
    switch (frame.kind) {
      case "call":
        if (frame.target.kind === "actor") {
          if (this.#actors === undefined)
            this.#fail(frame.requestId, new Error("this worker does not host actors"));
          else this.#actors.call(frame, frame.target.actorId);
        } else {
          this.#leases.run(frame.lease, () => this.#call(frame));
        }
        return;
      case "result":
      case "failure":
        this.#client.requests.settle(frame);
        return;
      case "stop":
        this.#stopReason = frame.reason;
        if (this.#inFlight === 0) this.onStop(frame.reason);
        return;
      case "batch":
        for (const inner of frame.frames) this.#handle(inner);
        return;
      case "spawnActor":
        if (this.#actors === undefined)
          this.#fail(frame.requestId, new Error("this worker does not host actors"));
        else void this.#actors.spawn(frame);
        return;
      case "exit":
        this.#actors?.exit(frame);
        return;
      case "cancel":
        // A running JS function cannot be interrupted; the node manager drops its result
        // (or kills this worker when the cancel is forced).
        return;
      default:
        this.#fail(0, new Error(`a worker does not accept '${frame.kind}' frames`));
    }
  }

  async #call(frame: CallFrame): Promise<void> {
    if (this.#stopReason !== undefined) {
      this.#fail(frame.requestId, new Error(`this worker is stopping (${this.#stopReason})`));
      return;
    }
    this.#inFlight++;
    try {
      if (frame.target.kind !== "function") throw new Error("not a function call");
      const fn = await loadExport(frame.target.function.module, frame.target.function.exportName);
      const store = this.#services?.store;
      const args = decodeValue(frame.args, (id) => {
        if (store === undefined) throw new Error(`object ${id}: this worker has no object store`);
        return store.get(id);
      }) as unknown[];
      const { exportName } = frame.target.function;
      const value: unknown = await traced(
        {
          spanId: frame.spanId,
          kind: "task",
          subjectId: frame.subjectId ?? frame.spanId ?? exportName,
          name: exportName,
          argsPreview: argsPreview(exportName, args),
        },
        // A promise also when the function throws before returning one.
        () => new Promise((resolve) => resolve((fn as (...a: unknown[]) => unknown)(...args))),
      );
      await this.#replyValue(frame.requestId, value);
    } catch (error) {
      this.#fail(frame.requestId, error);
    } finally {
      this.#inFlight--;
      if (this.#stopReason !== undefined && this.#inFlight === 0) this.onStop(this.#stopReason);
    }
  }

  /** Replies with `value`: inline when small, else through the object store. */
  async #replyValue(requestId: number, value: unknown): Promise<void> {
    let bytes: Uint8Array;
    try {
      const refs: string[] = [];
      bytes = encodeValue(value, "result", refs);
      const store = this.#services?.store;
      if (bytes.length > INLINE_LIMIT_BYTES && store !== undefined) {
        // Owned by the node manager, which frees it when its refs are gone.
        const objectId = await store.put(value, { holder: NODE_HOLDER });
        if (refs.length > 0) this.#client.holdAs(valueHolder(objectId), refs, []);
        this.#reply({ kind: "result", requestId, value: { kind: "objectRef", objectId } });
        return;
      }
    } catch (error) {
      this.#fail(requestId, error);
      return;
    }
    this.#reply({ kind: "result", requestId, value: { kind: "bytes", bytes } });
  }

  #fail(requestId: number, error: unknown): void {
    this.#reply({ kind: "failure", requestId, error: errorInfoOf(error) });
  }

  #reply(frame: Frame): void {
    if (this.#channel.closed) return;
    this.#client.refs.flush(); // refs received in a call are counted before its reply arrives
    this.#channel.send(frame);
  }
}
