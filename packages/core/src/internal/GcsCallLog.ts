/**
 * The kernel's `CallLog` on the GCS: a worker hosting an actor appends its logged
 * calls straight into the host's shared LMDB env (no hop through the node manager),
 * and a rebuild reads them back from there. Arguments, outgoing-call results and
 * snapshots are encoded with `wireCodec`, so refs and handles in them survive. An
 * argument that arrived from the object store is logged as its object id, not its
 * bytes; the log holds that object (`logHolder`, in the store) and the objects of
 * refs inside the arguments (the same holder, counted by the node manager) until
 * compaction moves past the call, so a rebuild never finds one missing.
 */
import type { CallLog, LoggedCall, RecordedResult, Snapshot } from "@rayx/actors";
import type { GcsApi } from "@rayx/gcs";
import type { ObjectStore } from "@rayx/objectstore";
import { logHolder } from "./storeHolders.js";
import { StoredValue, decodeValue, encodeValue } from "./wireCodec.js";

/** What the log needs of the object store: read stored arguments, hold and release them. */
export type LogObjectStore = Pick<ObjectStore, "get" | "hold" | "release">;

/** How the log holds the objects its entries need (none held when absent). */
export interface LogObjects {
  /** The node's object store, holding stored arguments. */
  readonly store?: LogObjectStore | undefined;
  /** Holds `holds` and releases `releases` under `holder` at the node manager (refs inside arguments). */
  readonly holdAs?: ((holder: string, holds: string[], releases: string[]) => void) | undefined;
}

/** What one logged call holds until it is compacted. */
interface Held {
  /** Object-store objects (its stored arguments). */
  readonly stored: readonly string[];
  /** Objects of refs inside its arguments. */
  readonly refs: readonly string[];
}

/** An argument (by position) that arrived as object `objectId` of the object store. */
export interface StoredArg {
  readonly index: number;
  readonly objectId: string;
}

/** The stored arguments of a call's argument list, by that list (the cell logs the same array). */
const storedArgsOf = new WeakMap<readonly unknown[], readonly StoredArg[]>();

/** Notes which of `args` came from the object store, so the log keeps their ids. */
export function markStoredArgs(args: readonly unknown[], stored: readonly StoredArg[]): void {
  if (stored.length > 0) storedArgsOf.set(args, stored);
}

/** Log entries read per page when a log is discarded. */
const DISCARD_PAGE = 1_000;
/**
 * A call's result is kept in its entry (for a redelivery of the call) up to this
 * many encoded bytes; a larger one is not, and its redelivery is told the call was
 * applied but not what it returned (`CallOutcomeUnknownError`).
 */
export const KEPT_REPLY_BYTES = 64 * 1024;

/** `reply` encoded for the log, or `undefined` when there is none to keep (or it is too large). */
function completionOf(reply: LoggedCall["reply"]): { ok: boolean; result: Uint8Array } | undefined {
  if (reply === undefined) return undefined;
  let result: Uint8Array;
  try {
    result = encodeValue(reply.value, "result");
  } catch {
    return undefined; // the caller's reply fails to encode too and tells it why
  }
  return result.byteLength <= KEPT_REPLY_BYTES ? { ok: true, result } : undefined;
}

export class GcsCallLog implements CallLog {
  /** What each logged call (by seq) holds, in seq order, until compacted. */
  readonly #held = new Map<number, Held>();
  /** The latest append: a snapshot is written once it (and so every earlier one) is committed. */
  #lastAppend: Promise<void> = Promise.resolve();

  constructor(
    readonly gcs: GcsApi,
    readonly actorId: string,
    readonly objects: LogObjects = {},
  ) {}

  get store(): LogObjectStore | undefined {
    return this.objects.store;
  }

  async append(entry: LoggedCall): Promise<void> {
    const stored = this.store === undefined ? undefined : storedArgsOf.get(entry.args);
    let args = entry.args;
    let argRefs: string[] = [];
    if (stored !== undefined) {
      const copy = [...entry.args];
      for (const { index, objectId } of stored) copy[index] = new StoredValue(objectId);
      args = copy;
      argRefs = stored.map((arg) => arg.objectId);
    }
    const refs: string[] = [];
    const bytes = encodeValue(args, "args", this.objects.holdAs === undefined ? undefined : refs);
    const holder = logHolder(this.actorId, entry.seq);
    if (refs.length > 0) this.objects.holdAs?.(holder, refs, []);
    const completion = completionOf(entry.reply);
    const appended = this.gcs.appendCall(this.actorId, {
      seq: entry.seq,
      method: entry.method,
      args: bytes,
      argRefs: [...argRefs, ...refs],
      nested: entry.results.map((result) =>
        "error" in result
          ? { target: "", method: "", result: encodeValue(result.error, "error"), failed: true }
          : { target: "", method: "", result: encodeValue(result.value, "result"), failed: false },
      ),
      ...(entry.callId === undefined ? {} : { callId: entry.callId }),
      ...(completion === undefined ? {} : { completion }),
    });
    this.#lastAppend = appended;
    if (argRefs.length === 0 && refs.length === 0) return appended;
    this.#held.set(entry.seq, { stored: argRefs, refs });
    await Promise.all([appended, ...argRefs.map((id) => this.store?.hold(id, holder))]);
  }

  async writeSnapshot(snapshot: Snapshot): Promise<void> {
    // Encoded now: the state object changes with the calls that run while we wait.
    const state = encodeValue(snapshot.state, "snapshot");
    // A snapshot committed before the entries it folds in would hold calls the log lacks:
    // killed in between, their callers never got an answer, and their retries would apply
    // them a second time on top of the snapshot.
    await this.#lastAppend;
    await this.gcs.writeSnapshot(this.actorId, { seq: snapshot.seq, state });
    // The log is compacted through `snapshot.seq`: its calls no longer need their arguments.
    for (const [seq, held] of this.#held) {
      if (seq > snapshot.seq) break;
      this.#held.delete(seq);
      const holder = logHolder(this.actorId, seq);
      for (const id of held.stored) this.store?.release(id, holder).catch(() => undefined);
      if (held.refs.length > 0) this.objects.holdAs?.(holder, [], [...held.refs]);
    }
  }

  async latestSnapshot(): Promise<Snapshot | undefined> {
    const snapshot = await this.gcs.latestSnapshot(this.actorId);
    return snapshot === undefined
      ? undefined
      : { seq: snapshot.seq, state: decodeValue(snapshot.state) };
  }

  async read(fromSeq: number, limit: number): Promise<readonly LoggedCall[]> {
    const entries = await this.gcs.readCalls(this.actorId, fromSeq, limit);
    const readStored = (id: string) => this.#storeOf(id).get(id);
    return entries.map((entry) => {
      // Which of them are in the store is not recorded: release each both ways (a no-op where not held).
      if (entry.argRefs.length > 0) {
        this.#held.set(entry.seq, { stored: entry.argRefs, refs: entry.argRefs });
      }
      const completion = entry.completion;
      return {
        seq: entry.seq,
        method: entry.method,
        args: decodeValue(entry.args, readStored) as unknown[],
        results: entry.nested.map((nested): RecordedResult =>
          nested.failed
            ? { error: decodeValue(nested.result) }
            : { value: decodeValue(nested.result) },
        ),
        callId: entry.callId,
        // Decoded only if asked for (a redelivered call): replay reads every entry.
        get reply() {
          return completion?.ok === true ? { value: decodeValue(completion.result) } : undefined;
        },
      };
    });
  }

  /**
   * Drops the log of an actor that ended for good (dead, or stopped): nothing replays
   * it again, so its entries release what they hold and are deleted. The actor's record
   * and latest snapshot stay (`rayx inspect` shows them).
   *
   * @example
   * await GcsCallLog.discard(gcs, actorId, { store, holdAs });
   */
  static async discard(gcs: GcsApi, actorId: string, objects: LogObjects): Promise<void> {
    const store = objects.store;
    const last = await gcs.lastSeq(actorId);
    if (last === 0) return;
    for (let from = 0; from <= last;) {
      const page = await gcs.readCalls(actorId, from, DISCARD_PAGE);
      for (const entry of page) {
        if (entry.argRefs.length === 0) continue;
        // As in `read`: which ids are in the store is not recorded, so each is released both ways.
        const holder = logHolder(actorId, entry.seq);
        if (store !== undefined) {
          await Promise.all(
            entry.argRefs.map((id) => store.release(id, holder).catch(() => undefined)),
          );
        }
        objects.holdAs?.(holder, [], [...entry.argRefs]);
      }
      const tail = page.at(-1);
      if (tail === undefined || page.length < DISCARD_PAGE) break;
      from = tail.seq + 1;
    }
    await gcs.compactCalls(actorId, last);
  }

  #storeOf(objectId: string): LogObjectStore {
    if (this.store === undefined) {
      throw new Error(
        `call log of ${this.actorId}: argument ${objectId} is in an object store this process has not opened`,
      );
    }
    return this.store;
  }
}
