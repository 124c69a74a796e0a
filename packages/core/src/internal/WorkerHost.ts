/**
 * What a worker process does with the frames its node manager sends: says hello,
 * runs function calls (importing the user module that exports the function), replies
 * with a result or a failure carrying the remote error, and stops on request — after
 * the calls in flight have replied (the pool SIGKILLs it if that takes too long).
 * Hosting actor cells joins it with `@rayx/actors` (issue 5); until then calls to
 * actors and spawn requests are answered with a failure that says so.
 */
import { errorInfoOf } from "./errorInfo.js";
import type { FrameChannel } from "./FrameChannel.js";
import { PROTOCOL_VERSION } from "./Frame.js";
import type { CallFrame, Frame } from "./Frame.js";
import { loadExport } from "./loadExport.js";
import { valueCodec } from "./valueCodec.js";

export class WorkerHost {
  readonly #channel: FrameChannel<Frame>;
  #inFlight = 0;
  #stopReason: string | undefined;

  constructor(
    channel: FrameChannel<Frame>,
    readonly workerId: string,
    /** Called when the node manager asks this worker to stop. */
    readonly onStop: (reason: string) => void,
  ) {
    this.#channel = channel;
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
        void this.#call(frame);
        return;
      case "stop":
        this.#stopReason = frame.reason;
        if (this.#inFlight === 0) this.onStop(frame.reason);
        return;
      case "batch":
        for (const inner of frame.frames) this.#handle(inner);
        return;
      case "spawnActor":
        this.#fail(frame.requestId, new Error("this worker does not host actors yet"));
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
      if (frame.target.kind !== "function") throw new Error("this worker does not host actors yet");
      const fn = await loadExport(frame.target.function.module, frame.target.function.exportName);
      const args = valueCodec.decode(frame.args) as unknown[];
      const value: unknown = await (fn as (...a: unknown[]) => unknown)(...args);
      this.#reply({
        kind: "result",
        requestId: frame.requestId,
        value: { kind: "bytes", bytes: valueCodec.encode(value) },
      });
    } catch (error) {
      this.#fail(frame.requestId, error);
    } finally {
      this.#inFlight--;
      if (this.#stopReason !== undefined && this.#inFlight === 0) this.onStop(this.#stopReason);
    }
  }

  #fail(requestId: number, error: unknown): void {
    this.#reply({ kind: "failure", requestId, error: errorInfoOf(error) });
  }

  #reply(frame: Frame): void {
    if (!this.#channel.closed) this.#channel.send(frame);
  }
}
