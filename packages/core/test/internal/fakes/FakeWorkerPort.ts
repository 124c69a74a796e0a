/**
 * A fake worker source for unit tests of the actor and task managers: workers are
 * names, nothing is forked. Every frame sent is recorded; requests are answered by the
 * test (`reply`, `fail`), or at once by `autoReply` for the kinds it names. `kill`
 * ends a worker as a crashed process would: sends to it throw from then on.
 */
import type { Frame } from "../../../src/internal/Frame.js";
import { errorInfoOf } from "../../../src/internal/errorInfo.js";
import { decodeValue, encodeValue } from "../../../src/internal/wireCodec.js";
import type { WorkerExit, WorkerInfo } from "../../../src/internal/WorkerPool.js";
import type { WorkerPort, WorkerSlots } from "../../../src/internal/workers/WorkerSlots.js";

/** A request frame as the fake saw it. */
export type SentRequest = Frame & { readonly requestId: number };

export interface Sent {
  readonly workerId: string;
  readonly frame: Frame;
}

export class FakeWorkerPort implements WorkerPort {
  readonly sent: Sent[] = [];
  /** Frame kinds answered with `undefined` as soon as they are sent (e.g. `spawnActor`). */
  readonly autoReply = new Set<Frame["kind"]>();
  /** Hears each frame that asks no reply (e.g. `exit`), as the worker would. */
  onFrame: ((workerId: string, frame: Frame) => void) | undefined;
  /** Set once the slots exist: replies settle the requests of their workers. */
  slots: WorkerSlots | undefined;
  readonly #gone = new Set<string>();
  readonly #waiters: (() => void)[] = [];
  #nextWorker = 1;
  #nextPid = 1000;

  constructor(readonly nodeId = "node-1") {}

  nodeOf(): string {
    return this.nodeId;
  }

  send(workerId: string, frame: Frame): void {
    if (this.#gone.has(workerId)) throw new Error(`worker ${workerId} is gone`);
    this.sent.push({ workerId, frame });
    if (this.autoReply.has(frame.kind)) queueMicrotask(() => this.reply(frame, undefined));
    if (!("requestId" in frame)) queueMicrotask(() => this.onFrame?.(workerId, frame));
    for (const waiter of this.#waiters.splice(0)) waiter();
  }

  add(): Promise<WorkerInfo> {
    return Promise.resolve(this.newWorker());
  }

  retire(workerId: string): Promise<void> {
    this.#gone.add(workerId);
    return Promise.resolve();
  }

  replace(workerId: string): Promise<WorkerInfo> {
    this.#gone.add(workerId);
    return this.add();
  }

  /** A fresh worker's id and pid (not yet among the slots: `slots.add` it). */
  newWorker(): WorkerInfo {
    return { workerId: `w${this.#nextWorker++}`, pid: this.#nextPid++, state: "ready" };
  }

  /** The frames of `kind` sent so far (to `workerId` when given). */
  frames<K extends Frame["kind"]>(kind: K, workerId?: string): (Frame & { kind: K })[] {
    return this.sent
      .filter((s) => s.frame.kind === kind && (workerId === undefined || s.workerId === workerId))
      .map((s) => s.frame as Frame & { kind: K });
  }

  /** Resolves once `count` frames of `kind` have been sent (fails after 2 s). */
  async until(kind: Frame["kind"], count: number, workerId?: string): Promise<void> {
    const deadline = Date.now() + 2_000;
    while (this.frames(kind, workerId).length < count) {
      if (Date.now() > deadline) {
        throw new Error(`only ${this.frames(kind, workerId).length} of ${count} '${kind}' frames`);
      }
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 20);
      });
    }
  }

  /** Answers request `frame` with `value`, as its worker would. */
  reply(frame: Frame, value: unknown): void {
    const { workerId, requestId } = this.#requestOf(frame);
    this.slots?.get(workerId)?.requests.settle({
      kind: "result",
      requestId,
      value: { kind: "bytes", bytes: encodeValue(value) },
    });
  }

  /** Fails request `frame` with `error`, as its worker would. */
  fail(frame: Frame, error: Error): void {
    const { workerId, requestId } = this.#requestOf(frame);
    this.slots
      ?.get(workerId)
      ?.requests.settle({ kind: "failure", requestId, error: errorInfoOf(error) });
  }

  /** Ends `workerId` as a process killed by SIGKILL; returns its exit as the pool reports it. */
  kill(workerId: string, pid: number): WorkerExit {
    this.#gone.add(workerId);
    return { workerId, pid, code: null, signal: "SIGKILL", expected: false };
  }

  #requestOf(frame: Frame): { workerId: string; requestId: number } {
    const sent = this.sent.find((s) => s.frame === frame);
    if (sent === undefined || !("requestId" in frame)) throw new Error("not a request sent here");
    return { workerId: sent.workerId, requestId: frame.requestId };
  }
}

/** The arguments a call frame carries. */
export function argsOf(frame: Frame): unknown {
  if (frame.kind !== "call" && frame.kind !== "spawnActor")
    throw new Error(`a ${frame.kind} frame`);
  return decodeValue(frame.args, () => {
    throw new Error("no stored objects in these tests");
  });
}
