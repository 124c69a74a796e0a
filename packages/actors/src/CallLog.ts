/**
 * The contract between an actor cell and the storage of its call log. The kernel
 * only appends, snapshots and reads back; where entries live (the GCS's LMDB
 * tables, or `InMemoryCallLog`) is the implementation's business.
 */

/** The outcome of one outgoing call (to another actor or a task) made during a logged call. */
export type RecordedResult = { readonly value: unknown } | { readonly error: unknown };

/** One mutating call, appended after it returned and before its result was released. */
export interface LoggedCall {
  /** 1, 2, 3, … per actor, in the order the calls completed. */
  readonly seq: number;
  readonly method: string;
  readonly args: readonly unknown[];
  /** Results of the outgoing calls the method made through `cell.record()`, in the order it made them. */
  readonly results: readonly RecordedResult[];
  /**
   * The caller's id of the call, the same on every delivery of it: a rebuild that is
   * told the call may come again (`RebuildOptions.redelivered`) answers it from here.
   */
  readonly callId?: string | undefined;
  /** What the call returned, kept (by a log that can) so a redelivery gets the same answer. */
  readonly reply?: { readonly value: unknown } | undefined;
}

/** The state `snapshot()` returned right after logged call `seq`. */
export interface Snapshot {
  readonly seq: number;
  readonly state: unknown;
}

export interface CallLogWriter {
  /**
   * Appends `entry`. The caller's result is released only once this returns or
   * its promise resolves. Appends arrive in `seq` order, possibly before earlier
   * ones resolved; an implementation must keep that order, and once an append
   * fails every later append must fail too (a log has no holes).
   */
  append(entry: LoggedCall): void | Promise<void>;
  /**
   * Stores a snapshot (taken right after entry `snapshot.seq` was appended, possibly
   * before that append resolved: the snapshot must not be kept unless it did). Entries
   * up to the *previous* snapshot's seq may then be compacted away; the ones since stay
   * one more interval, so that a redelivered call (`LoggedCall.callId`) is still found.
   */
  writeSnapshot(snapshot: Snapshot): void | Promise<void>;
}

export interface CallLogReader {
  /** The newest snapshot, if any. */
  latestSnapshot(): Snapshot | undefined | Promise<Snapshot | undefined>;
  /** Up to `limit` entries with `seq >= fromSeq`, in order; an empty batch means the end. */
  read(fromSeq: number, limit: number): readonly LoggedCall[] | Promise<readonly LoggedCall[]>;
}

/** What `ActorCell.rebuild` needs: read back, then keep appending. */
export interface CallLog extends CallLogWriter, CallLogReader {}
