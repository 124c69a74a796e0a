/**
 * An actor cell hosts one instance of an `@actor` class: it runs calls from its
 * mailbox one at a time (or up to `maxConcurrency`), logs mutating calls before
 * releasing their results, replays its call log on a rebuild, and is a `Process`
 * (exit signals, monitors, links). It knows nothing of processes or sockets.
 * An idle cell is one small object: mailbox, links and monitors are made on first use.
 */
import type { CallLogWriter, LoggedCall } from "./CallLog.js";
import type { CellContext } from "./CellContext.js";
import type { CellOptions, RebuildOptions, Redelivered } from "./CellOptions.js";
import { systemClock } from "./Clock.js";
import { ActorDiedError, RecordOutsideCallError, UnknownMethodError } from "./errors.js";
import type { ExitNotice } from "./ExitNotice.js";
import type { ExitReason } from "./ExitReason.js";
import { isNormalExit } from "./ExitReason.js";
import type { ActorDefinition } from "./internal/ActorDefinition.js";
import { definitionOf, withOverrides } from "./internal/ActorDefinition.js";
import type { Call } from "./internal/Call.js";
import { newCall } from "./internal/Call.js";
import { ExitWatchers } from "./internal/ExitWatchers.js";
import type { LoggedCallDraft } from "./internal/LoggedCallDraft.js";
import { newLoggedCallDraft, recordOutgoing } from "./internal/LoggedCallDraft.js";
import { isPromiseLike } from "./internal/isPromiseLike.js";
import type { ReplayCursor } from "./internal/ReplayCursor.js";
import type { ReplayTarget } from "./internal/replayCallLog.js";
import { forEachEntry, replayCallLog } from "./internal/replayCallLog.js";
import type { Runnable } from "./internal/runQueue.js";
import { RUN, schedule } from "./internal/runQueue.js";
import type { LifecycleEvent, LifecycleState } from "./lifecycleMachine.js";
import { lifecycleTransition } from "./lifecycleTransition.js";
import { Mailbox } from "./Mailbox.js";
import type { MethodName, MethodParams, MethodResult } from "./MethodName.js";
import type { Process } from "./Process.js";

const NO_OPTIONS: CellOptions = {};

let currentCell: ActorCell | undefined;
/** Set by `trackAcrossAwaits`: carries a `CallScope` across each call's `await`s. */
let cellContext: CellContext | undefined;

/** What a call's code carries across its `await`s: its cell, and where its outgoing calls are recorded. */
interface CallScope {
  readonly cell: ActorCell;
  /** The call's log entry while it runs live, its replay cursor while replayed; none for an unlogged call. */
  readonly entry: LoggedCallDraft | ReplayCursor | undefined;
  /** The call's argument list, the array given to `apply` (see `CellContext.run`). */
  readonly args: unknown[];
}
let serial = 0;

/**
 * @example
 * ```ts
 * @actor()
 * class Counter {
 *   count = 0;
 *   add(n: number) { return (this.count += n); }
 * }
 * const cell = ActorCell.start(Counter, []);
 * await cell.call("add", 2); // 2
 * cell.monitor((reason) => console.log("exited:", reason));
 * cell.exit("shutdown");
 * ```
 */
export class ActorCell<T extends object = object> implements Process, Runnable {
  readonly #options: CellOptions;
  readonly #config: ActorDefinition;
  readonly #serial = ++serial;
  #id: string | undefined;
  #instance: T = undefined as unknown as T;
  #state: LifecycleState;
  #mailbox: Mailbox<Call> | undefined;
  #scheduled = false;
  /** Calls whose returned promise has not settled yet. */
  #running = 0;
  #active: Call[] | undefined;
  /** Set once the cell is exiting or has exited. */
  #exitReason: ExitReason | undefined;
  /** Links and monitors, made on first use; `undefined` again once they were told of the exit. */
  #watchers: ExitWatchers | undefined;
  #log: CallLogWriter | undefined;
  #seq = 0;
  #sinceSnapshot = 0;
  /** The logged call running now (meaningful when maxConcurrency is 1). */
  #draft: LoggedCallDraft | undefined;
  /** The logged call being replayed now. */
  #replaying: ReplayCursor | undefined;
  /** What the calls a rebuild was told may come again did before (by call id; see `takeRedelivered`). */
  #redelivered: Map<string, Redelivered> | undefined;

  private constructor(definition: ActorDefinition, options: CellOptions, state: LifecycleState) {
    this.#options = options;
    this.#config = withOverrides(definition, options);
    this.#state = state;
  }

  /**
   * Starts a cell: constructs `new Class(...args)` now and serves calls from the
   * next microtask on. Throws `NotAnActorError` for a class without `@actor()`,
   * and rethrows what the constructor throws (the cell then ends `crashed`).
   * Calls are not logged; use `rebuild` for an actor with a call log.
   */
  static start<T extends object, A extends unknown[]>(
    Class: new (...args: A) => T,
    args: A,
    options: CellOptions = NO_OPTIONS,
  ): ActorCell<T> {
    const cell = new ActorCell<T>(definitionOf(Class), options, "pending");
    cell.#transition("SCHEDULE");
    cell.#transition("START");
    try {
      cell.#instance = new Class(...args);
    } catch (error) {
      cell.#finish({ error });
      throw error;
    }
    cell.#transition("STARTED");
    return cell;
  }

  /**
   * Builds a cell from its call log: constructs `new Class(...args)`, restores the
   * latest snapshot if there is one, replays the logged calls after it in order
   * (outgoing calls return their recorded results and are not made again), then
   * logs every further mutating call to the same log. With an empty log this is
   * a durable first start. Rejects (the cell ends `crashed`) if replay fails.
   */
  static async rebuild<T extends object, A extends unknown[]>(
    Class: new (...args: A) => T,
    args: A,
    options: RebuildOptions,
  ): Promise<ActorCell<T>> {
    const cell = new ActorCell<T>(definitionOf(Class), options, options.restartFrom ?? "pending");
    if (options.restartFrom === undefined) {
      cell.#transition("SCHEDULE");
      cell.#transition("START");
    } else {
      cell.#transition("RESTART");
    }
    cell.#transition("REPLAY");
    try {
      await cell.#replay(Class, args, options);
    } catch (error) {
      cell.#terminate({ error });
      throw error;
    }
    cell.#log = options.callLog;
    cell.#transition("REPLAYED");
    cell.#wake();
    return cell;
  }

  /**
   * The cell whose method is running now. Without `trackAcrossAwaits` only while the
   * method runs synchronously (capture it before the method's first `await`).
   */
  static current(): ActorCell | undefined {
    return currentCell ?? (cellContext?.getStore() as CallScope | undefined)?.cell;
  }

  /**
   * Makes `current()` — and so `record()` through it — follow each call's code across
   * its `await`s, for every cell of this process from now on. A runtime whose methods
   * make outgoing calls after an `await` installs it once (Node: an `AsyncLocalStorage`);
   * it costs every call a `run` and every `await` in the process a context switch.
   * Code a call leaves running after it returned (a timer it set) still sees its cell,
   * but its outgoing calls are not recorded: that call's log entry is closed.
   */
  static trackAcrossAwaits(context: CellContext): void {
    cellContext = context;
  }

  get id(): string {
    // Built on first use: most idle cells never need their id as a string.
    return (this.#id ??= this.#options.id ?? `${this.#config.className}-${this.#serial}`);
  }

  get className(): string {
    return this.#config.className;
  }

  /** The lifecycle state: `alive` while serving calls; `stopped` or `crashed` once exited. */
  get state(): LifecycleState {
    return this.#state;
  }

  /** Why the cell exited (or is exiting); `undefined` while alive. */
  get exitReason(): ExitReason | undefined {
    return this.#exitReason;
  }

  /** Seq of the last logged call (0 without a log). */
  get lastSeq(): number {
    return this.#seq;
  }

  /** User calls waiting in the mailbox. */
  get queued(): number {
    return this.#mailbox?.size ?? 0;
  }

  /**
   * Calls `method` with `args` once the calls queued before it have run. Resolves
   * with its result (after the call is logged, for a mutating call of a logged
   * cell); rejects with what the method threw, `UnknownMethodError`,
   * `MailboxFullError`, or `ActorDiedError` if the cell exited first.
   */
  call<K extends MethodName<T>>(
    method: K,
    ...args: MethodParams<T[K]>
  ): Promise<MethodResult<T[K]>> {
    return this.apply(method, args) as Promise<MethodResult<T[K]>>;
  }

  /**
   * `call` for runtimes that get the method name and arguments as data (e.g. from the
   * wire). `callId`, the caller's id of the call, is logged with it (and its result),
   * so that a rebuild can answer a redelivery of it (`takeRedelivered`).
   */
  apply(method: string, args: unknown[], callId?: string): Promise<unknown> {
    if (this.#exitReason !== undefined) {
      return Promise.reject(new ActorDiedError(this.id, this.#exitReason));
    }
    const call = newCall(method, args, true, callId);
    try {
      this.#post(call);
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a MailboxFullError
      return Promise.reject(error);
    }
    return call.promise as Promise<unknown>;
  }

  /**
   * What call `callId` — one of the `redelivered` ids this cell was rebuilt with — did
   * before: `undefined` if the log does not hold it (it was never applied: run it now),
   * else `{ reply }` with what it returned (`reply` is `undefined` when the log kept
   * none). Answers once per id.
   */
  takeRedelivered(callId: string): Redelivered | undefined {
    const found = this.#redelivered?.get(callId);
    if (found !== undefined) this.#redelivered?.delete(callId);
    return found;
  }

  /**
   * Sends a one-way message: runs `method` in turn like `call`, but nobody gets its
   * result or error (a method that throws still crashes the cell under `onError:
   * "restart"`). A message to an exited cell is dropped, as in Erlang. Throws
   * `MailboxFullError` on a full mailbox with `overflow: "reject"`.
   */
  tell<K extends MethodName<T>>(method: K, ...args: MethodParams<T[K]>): void {
    if (this.#exitReason === undefined) this.#post(newCall(method, args, false));
  }

  #post(call: Call): void {
    const config = this.#config;
    const mailbox = (this.#mailbox ??= new Mailbox({
      owner: this.id,
      capacity: config.capacity,
      overflow: config.overflow,
    }));
    // Under backpressure a full mailbox parks the call; it still runs (and settles) in turn.
    void mailbox.post(call);
    this.#wake();
  }

  /**
   * Makes an outgoing call (to another actor or a task) on behalf of the logged
   * call running now. Live, it runs `fn` and records its outcome in the call's log
   * entry; during replay it returns the recorded outcome without running `fn`.
   * Outside a logged call it just runs `fn`.
   */
  record<R>(fn: () => R | PromiseLike<R>): Promise<Awaited<R>> {
    if (cellContext !== undefined && currentCell !== this) {
      const scope = cellContext.getStore() as CallScope | undefined;
      if (scope?.cell === this) return this.#recordAfterAwait(scope.entry, fn);
    }
    if (this.#replaying !== undefined) return this.#replaying.next();
    const draft = this.#draft;
    if (draft === undefined) return new Promise((resolve) => resolve(fn() as Awaited<R>));
    if (this.#config.maxConcurrency > 1) return Promise.reject(new RecordOutsideCallError(this.id));
    return recordOutgoing(draft, fn);
  }

  /** `record` for code of the call whose entry is `entry`, running after one of its `await`s. */
  #recordAfterAwait<R>(
    entry: LoggedCallDraft | ReplayCursor | undefined,
    fn: () => R | PromiseLike<R>,
  ): Promise<Awaited<R>> {
    if (entry !== undefined && entry === this.#replaying) return this.#replaying.next();
    if (entry !== undefined && this.#config.maxConcurrency > 1) {
      return Promise.reject(new RecordOutsideCallError(this.id));
    }
    // Only the open entry of the running call takes results: an appended one is closed.
    if (entry === undefined || entry !== this.#draft) {
      return new Promise((resolve) => resolve(fn() as Awaited<R>));
    }
    return recordOutgoing(this.#draft, fn);
  }

  /**
   * Sends an exit signal (Process). `"killed"` ends the cell at once: running and
   * queued calls reject with `ActorDiedError`. Any other reason lets the running
   * calls finish, rejects the queued ones, then exits with that reason.
   */
  exit(reason: ExitReason): void {
    // Only replayed code reaches a replaying cell: a logged call that stopped its actor was
    // a side effect of the previous incarnation, not to be repeated.
    if (this.#state === "replaying") return;
    if (this.#exitReason !== undefined) {
      if (reason === "killed" && this.#state === "stopping") this.#terminate("killed");
      return;
    }
    if (reason === "killed" || this.#state !== "alive") {
      this.#terminate(reason);
      return;
    }
    this.#exitReason = reason;
    this.#transition("STOP");
    this.#rejectQueued(reason);
    if (this.#running === 0) this.#finish(reason);
  }

  /**
   * Calls `listener` once with the exit reason when the cell has exited (in a
   * microtask if it already has); the returned function removes it, also in that
   * window before the microtask runs.
   */
  monitor(listener: (reason: ExitReason) => void): () => void {
    if (this.#isDone()) {
      const reason = this.#exitReason as ExitReason;
      let removed = false;
      queueMicrotask(() => {
        if (!removed) listener(reason);
      });
      return () => {
        removed = true;
      };
    }
    return (this.#watchers ??= new ExitWatchers()).monitor(listener);
  }

  /**
   * Links this cell and `other` both ways (OTP): when either exits with a reason
   * other than `"normal"`, the other exits with the same reason, unless it traps
   * exits (`trapExits`), in which case it gets an `onExit({ from, reason })` call.
   * Linking to a process that already exited delivers its exit at once.
   */
  link(other: Process): void {
    if (other === this || this.#watchers?.isLinked(other) === true) return;
    if (this.#isDone()) {
      this.#deliverExit(other, this.#exitReason as ExitReason);
      return;
    }
    const watchers = (this.#watchers ??= new ExitWatchers());
    if (other instanceof ActorCell) {
      if (other.#isDone()) {
        const reason = other.#exitReason as ExitReason;
        queueMicrotask(() => this.#linkedExit(other.id, reason));
      } else {
        watchers.link(other);
        (other.#watchers ??= new ExitWatchers()).link(this);
      }
      return;
    }
    watchers.link(
      other,
      other.monitor((reason) => {
        if (this.#watchers?.forget(other) === true) this.#linkedExit(other.id, reason);
      }),
    );
  }

  /** Removes a link in both directions. */
  unlink(other: Process): void {
    this.#watchers?.unlink(other);
    if (other instanceof ActorCell) other.#watchers?.forget(this);
  }

  /** Runs queued calls (called from the shared run queue). */
  [RUN](): void {
    this.#scheduled = false;
    const mailbox = this.#mailbox;
    if (mailbox === undefined) return;
    const max = this.#config.maxConcurrency;
    // A budget keeps one busy cell from starving the others in the same pass.
    for (let budget = 1024; budget > 0; budget--) {
      if (this.#running >= max || this.#state !== "alive") return;
      const call = mailbox.take();
      if (call === undefined) return;
      this.#invoke(call);
    }
    this.#wake();
  }

  #wake(): void {
    if (this.#scheduled || this.#state !== "alive") return;
    if (this.#running >= this.#config.maxConcurrency) return;
    if (this.#mailbox === undefined || this.#mailbox.isEmpty) return;
    this.#scheduled = true;
    schedule(this);
  }

  #invoke(call: Call): void {
    const instance = this.#instance as Record<string, unknown>;
    const method = instance[call.method];
    // Only the class's own methods are callable: not `constructor`, nor Object's (`toString`, `__proto__`…).
    if (
      typeof method !== "function" ||
      call.method === "constructor" ||
      method === (Object.prototype as Record<string, unknown>)[call.method]
    ) {
      call.reject(new UnknownMethodError(this.#config.className, call.method));
      return;
    }
    const draft =
      this.#log !== undefined && !this.#config.readonlyMethods.has(call.method)
        ? (this.#draft = newLoggedCallDraft(call.method, call.args, call.callId))
        : undefined;
    let result: unknown;
    try {
      result = this.#runAsCurrent(method as (...args: unknown[]) => unknown, call.args, draft);
    } catch (error) {
      this.#failed(call, error);
      return;
    }
    if (!isPromiseLike(result)) {
      this.#completed(call, draft, result);
      return;
    }
    this.#running++;
    (this.#active ??= []).push(call);
    result.then(
      (value) => {
        if (!this.#settled(call)) return;
        this.#completed(call, draft, value);
        this.#afterAsyncCall();
      },
      (error: unknown) => {
        if (!this.#settled(call)) return;
        this.#failed(call, error);
        this.#afterAsyncCall();
      },
    );
  }

  /** Runs `method` on the instance with this cell as `ActorCell.current()`, its outgoing calls going to `entry`. */
  #runAsCurrent(
    method: (...args: unknown[]) => unknown,
    args: unknown[],
    entry: LoggedCallDraft | ReplayCursor | undefined,
  ): unknown {
    const previous = currentCell;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the cell running now, for ActorCell.current()
    currentCell = this;
    try {
      const context = cellContext;
      return context === undefined
        ? method.apply(this.#instance, args)
        : context.run({ cell: this, entry, args } satisfies CallScope, () =>
            method.apply(this.#instance, args),
          );
    } finally {
      currentCell = previous;
    }
  }

  /** Bookkeeping when an async call settles; false if the cell was killed meanwhile (the caller was already told). */
  #settled(call: Call): boolean {
    const active = this.#active;
    const index = active === undefined ? -1 : active.indexOf(call);
    if (index === -1) return false;
    (active as Call[]).splice(index, 1);
    this.#running--;
    return true;
  }

  /** After an async call's outcome was handled: finish a pending stop, or run what queued up meanwhile. */
  #afterAsyncCall(): void {
    if (this.#state === "stopping") {
      if (this.#running === 0) this.#finish(this.#exitReason as ExitReason);
    } else {
      this.#wake();
    }
  }

  #completed(call: Call, draft: LoggedCallDraft | undefined, value: unknown): void {
    const log = this.#log;
    if (draft === undefined || log === undefined) {
      call.resolve(value);
      return;
    }
    if (this.#draft === draft) this.#draft = undefined;
    draft.seq = ++this.#seq;
    // Only a call that may be delivered again needs its result kept.
    if (draft.callId !== undefined) draft.reply = { value };
    let appended: void | Promise<void>;
    try {
      appended = log.append(draft);
    } catch (error) {
      this.#appendFailed(call, error);
      return;
    }
    if (isPromiseLike(appended)) {
      appended.then(
        () => call.resolve(value),
        (error: unknown) => this.#appendFailed(call, error),
      );
    } else {
      call.resolve(value);
    }
    this.#maybeSnapshot(log);
  }

  /** The state now holds a call the log lacks: only a rebuild makes them agree again. */
  #appendFailed(call: Call, error: unknown): void {
    call.reject(error);
    if (this.#exitReason === undefined || this.#state === "stopping") this.#terminate({ error });
  }

  #maybeSnapshot(log: CallLogWriter): void {
    // With calls in flight the state holds their partial writes: wait for a quiet moment.
    if (!this.#config.snapshots) return;
    if (++this.#sinceSnapshot < this.#config.snapshotEvery || this.#running > 0) return;
    this.#sinceSnapshot = 0;
    try {
      const state = (this.#instance as unknown as { snapshot(): unknown }).snapshot();
      const written = log.writeSnapshot({ seq: this.#seq, state });
      if (isPromiseLike(written)) {
        written.then(undefined, (error: unknown) => this.#terminate({ error }));
      }
    } catch (error) {
      this.#terminate({ error });
    }
  }

  #failed(call: Call, error: unknown): void {
    if (this.#draft !== undefined && this.#config.maxConcurrency === 1) this.#draft = undefined;
    call.reject(error);
    if (
      this.#config.onError === "restart" &&
      (this.#exitReason === undefined || this.#state === "stopping")
    ) {
      this.#terminate({ error });
    }
  }

  /** Exits now: running and queued calls reject with `ActorDiedError`. */
  #terminate(reason: ExitReason): void {
    if (this.#isDone()) return;
    this.#exitReason = reason;
    const active = this.#active;
    this.#active = undefined;
    this.#running = 0;
    for (const call of active ?? []) call.reject(new ActorDiedError(this.id, reason));
    this.#rejectQueued(reason);
    this.#finish(reason);
  }

  #rejectQueued(reason: ExitReason): void {
    for (const call of this.#mailbox?.drain() ?? []) {
      call.reject(new ActorDiedError(this.id, reason));
    }
  }

  /** Enters the final state for `reason`, then tells links and monitors. */
  #finish(reason: ExitReason): void {
    this.#exitReason = reason;
    if (isNormalExit(reason)) {
      if (this.#state !== "stopping") this.#transition("STOP");
      this.#transition("STOPPED");
    } else {
      this.#transition("CRASH");
    }
    const watchers = this.#watchers;
    this.#watchers = undefined;
    watchers?.notify(reason, (other) => this.#deliverExit(other, reason));
  }

  /** Tells a linked `other` that this cell exited; a `"normal"` exit does not propagate (OTP). */
  #deliverExit(other: Process, reason: ExitReason): void {
    if (other instanceof ActorCell) {
      other.#watchers?.forget(this);
      other.#linkedExit(this.id, reason);
    } else if (reason !== "normal") {
      other.exit(reason);
    }
  }

  /** An exit signal from a linked process. */
  #linkedExit(from: string, reason: ExitReason): void {
    if (this.#exitReason !== undefined) return;
    if (this.#config.trapExits) {
      const notice: ExitNotice = { from, reason };
      // Nobody awaits a notice; if onExit throws, onError decides the cell's fate.
      const call = newCall("onExit", [notice], false);
      (this.#mailbox ??= new Mailbox({ owner: this.id })).postSystem(call);
      this.#wake();
    } else if (reason !== "normal") {
      this.#terminate(reason);
    }
  }

  #isDone(): boolean {
    const state = this.#state;
    return state === "stopped" || state === "crashed" || state === "dead";
  }

  #transition(event: LifecycleEvent): void {
    const from = this.#state;
    const to = lifecycleTransition(from, event);
    this.#state = to;
    const listener = this.#options.onTransition;
    if (listener !== undefined) {
      listener({
        actorId: this.id,
        from,
        to,
        event,
        at: (this.#options.clock ?? systemClock).now(),
      });
    }
  }

  async #replay<A extends unknown[]>(
    Class: new (...args: A) => T,
    args: A,
    options: RebuildOptions,
  ): Promise<void> {
    const { callLog: log, batchSize = 1000, redelivered } = options;
    const snapshot = await log.latestSnapshot();
    const note =
      redelivered === undefined || redelivered.size === 0
        ? undefined
        : (entry: LoggedCall) => {
            if (entry.callId !== undefined && redelivered.has(entry.callId)) {
              (this.#redelivered ??= new Map()).set(entry.callId, { reply: entry.reply });
            }
          };
    // The entries the latest snapshot folded in stay in the log one more interval: a
    // redelivered call among them was applied (by the snapshot's state) all the same.
    if (note !== undefined && snapshot !== undefined) {
      await forEachEntry(log, 0, snapshot.seq, batchSize, note);
    }
    this.#instance = new Class(...args);
    if (snapshot !== undefined) {
      (this.#instance as unknown as { restore(state: unknown): void }).restore(snapshot.state);
      this.#seq = snapshot.seq;
    }
    const target: ReplayTarget = {
      actorId: this.id,
      className: this.#config.className,
      instance: this.#instance,
      run: (cursor, method, methodArgs) => {
        this.#replaying = cursor;
        return this.#runAsCurrent(method, methodArgs, cursor);
      },
      ...(note === undefined ? {} : { replayed: note }),
    };
    this.#seq = await replayCallLog(target, log, this.#seq, batchSize);
    this.#replaying = undefined;
    this.#sinceSnapshot = this.#seq - (snapshot?.seq ?? 0);
  }
}
