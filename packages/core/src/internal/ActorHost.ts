/**
 * The actor cells one worker process hosts. A spawn request builds a cell with
 * `ActorCell.rebuild` on the actor's GCS call log (a first start is a rebuild from an
 * empty log; a restart replays snapshot + log), calls run on the cell, and the cell's
 * exit goes back to the node manager as an `exit` frame — that frame is what the
 * actor's supervisor sees. Lifecycle transitions are recorded in the GCS events table.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { ActorCell, ActorDiedError } from "@rayx/actors";
import type { ExitReason, RebuildOptions } from "@rayx/actors";
import type { GcsApi } from "@rayx/gcs";
import type { ActorHandle } from "../ActorHandle.js";
import { handleFor } from "../ActorHandle.js";
import { CallNotAppliedError, CallOutcomeUnknownError } from "../errors.js";
import { actorExitFrame, actorExitReason } from "./actorExit.js";
import type { CallFrame, ExitFrame, Frame, SpawnActorFrame } from "./Frame.js";
import { GcsCallLog, markStoredArgs } from "./GcsCallLog.js";
import type { LogObjects, StoredArg } from "./GcsCallLog.js";
import { loadExport } from "./loadExport.js";
import type { StoredReader } from "./wireCodec.js";
import { decodeValue } from "./wireCodec.js";
import { argsPreview } from "./tracing/argsPreview.js";
import { callStarted, closeSpan, openSpan } from "./tracing/CallTracer.js";

/** What the node manager sends with a spawn request, inside its `args` bytes. */
export interface SpawnPayload {
  readonly ctorArgs: Uint8Array;
  readonly className: string;
  readonly methods: readonly string[];
  readonly overrides: Readonly<Record<string, unknown>>;
  readonly restart: boolean;
  readonly name?: string;
  /** Ids of the calls in flight when the previous incarnation died, delivered again next. */
  readonly redelivered: readonly string[];
}

/** What `context()` returns inside an actor method. */
export interface ActorContext {
  readonly actorId: string;
  readonly name?: string;
  readonly self: ActorHandle<unknown>;
  /** Stops the actor after this call; with no reason a normal exit (a transient actor is not restarted). */
  stop(reason?: string): void;
}

const contexts = new WeakMap<ActorCell, ActorContext>();

/** The context of the actor whose method runs now (also after its `await`s), if any. */
export function currentActorContext(): ActorContext | undefined {
  const cell = ActorCell.current();
  return cell === undefined ? undefined : contexts.get(cell);
}

export interface ActorHostIo {
  send(frame: Frame): void;
  replyValue(requestId: number, value: unknown): void;
  fail(requestId: number, error: unknown): void;
  readStored: StoredReader;
  /** How call logs hold their arguments' objects (absent: stored arguments are logged by value). */
  logObjects?: LogObjects;
}

export class ActorHost {
  readonly #cells = new Map<string, ActorCell>();

  constructor(
    readonly gcs: GcsApi,
    readonly io: ActorHostIo,
  ) {
    // A method's outgoing calls after its first `await` must be recorded for replay too;
    // a traced call's span starts when its method does.
    const scopes = new AsyncLocalStorage<object>();
    ActorCell.trackAcrossAwaits({
      run: (scope, fn) =>
        scopes.run(scope, () => callStarted((scope as { readonly args: unknown[] }).args, fn)),
      getStore: () => scopes.getStore(),
    });
  }

  async spawn(frame: SpawnActorFrame): Promise<void> {
    try {
      const payload = decodeValue(frame.args) as SpawnPayload;
      const Class = (await loadExport(
        frame.actorClass.module,
        frame.actorClass.exportName,
      )) as new (...args: unknown[]) => object;
      const args = decodeValue(payload.ctorArgs, this.io.readStored) as unknown[];
      const { actorId } = frame;
      const options: RebuildOptions = {
        ...payload.overrides,
        id: actorId,
        callLog: new GcsCallLog(this.gcs, actorId, this.io.logObjects),
        onTransition: (t) => {
          this.gcs
            .appendEvent({
              // Event times are wall-clock ms; the cell's clock is monotonic (`t.at`).
              time: Date.now(),
              subjectKind: "actor",
              subjectId: actorId,
              type: t.to,
              detail: t.event,
              pid: process.pid,
            })
            .catch(() => undefined);
        },
        ...(payload.restart ? { restartFrom: "crashed" as const } : {}),
        ...(payload.redelivered.length === 0 ? {} : { redelivered: new Set(payload.redelivered) }),
      };
      const cell = await ActorCell.rebuild(Class, args, options);
      this.#cells.set(actorId, cell);
      const self = handleFor({ actorId, className: payload.className, methods: payload.methods });
      contexts.set(cell, {
        actorId,
        ...(payload.name === undefined ? {} : { name: payload.name }),
        self,
        stop: (reason) => cell.exit(reason === undefined ? "normal" : { error: new Error(reason) }),
      });
      cell.monitor((reason) => this.#exited(actorId, cell, reason));
      this.io.replyValue(frame.requestId, undefined);
    } catch (error) {
      this.io.fail(frame.requestId, error);
    }
  }

  call(frame: CallFrame, actorId: string): void {
    const cell = this.#cells.get(actorId);
    if (cell === undefined) {
      this.io.fail(frame.requestId, new ActorDiedError(actorId, "killed"));
      return;
    }
    if (frame.delivery !== undefined && this.#answeredFromLog(frame, actorId, cell)) return;
    let args: unknown[];
    try {
      const stored: [string, unknown][] = [];
      args = decodeValue(frame.args, (id) => {
        const value = this.io.readStored(id);
        stored.push([id, value]);
        return value;
      }) as unknown[];
      markStoredArgs(args, storedArgsIn(args, stored));
    } catch (error) {
      this.io.fail(frame.requestId, error);
      return;
    }
    const span = openSpan(
      {
        spanId: frame.spanId,
        kind: "actor",
        subjectId: actorId,
        name: `${cell.className}.${frame.method}`,
        argsPreview: argsPreview(frame.method, args),
      },
      args,
    );
    cell.apply(frame.method, args, frame.callId).then(
      (value) => {
        closeSpan(span);
        this.io.replyValue(frame.requestId, value);
      },
      (error: unknown) => {
        closeSpan(span, error);
        this.io.fail(frame.requestId, error);
      },
    );
  }

  /**
   * Answers a redelivered call that the rebuilt cell's log holds with what it returned
   * then (it is not applied again), and a probe it does not hold with
   * `CallNotAppliedError`; false when the call is to run (a retry not applied yet).
   */
  #answeredFromLog(frame: CallFrame, actorId: string, cell: ActorCell): boolean {
    const before = frame.callId === undefined ? undefined : cell.takeRedelivered(frame.callId);
    if (before?.reply !== undefined) {
      this.io.replyValue(frame.requestId, before.reply.value);
    } else if (before !== undefined) {
      const why = `it was applied, but its result was too large to keep in the call log`;
      this.io.fail(frame.requestId, new CallOutcomeUnknownError(actorId, frame.method, why));
    } else if (frame.delivery === "probe") {
      this.io.fail(frame.requestId, new CallNotAppliedError(actorId, frame.method));
    } else {
      return false;
    }
    return true;
  }

  /** An exit signal from the node manager (a supervisor stopping or killing the actor). */
  exit(frame: ExitFrame): void {
    const cell = this.#cells.get(frame.subjectId);
    if (cell === undefined) return;
    cell.exit(actorExitReason(frame));
  }

  #exited(actorId: string, cell: ActorCell, reason: ExitReason): void {
    if (this.#cells.get(actorId) === cell) this.#cells.delete(actorId);
    this.io.send(actorExitFrame(actorId, reason));
  }
}

/** The positions of `args` holding the values read from the store (`[objectId, value]`). */
function storedArgsIn(args: readonly unknown[], stored: readonly [string, unknown][]): StoredArg[] {
  const found: StoredArg[] = [];
  for (const [objectId, value] of stored) {
    const index = args.indexOf(value);
    if (index !== -1) found.push({ index, objectId });
  }
  return found;
}
