/**
 * Replay of a call log into a fresh actor instance: the logged calls after a
 * snapshot are applied in order, each answered its recorded outgoing outcomes by
 * a `ReplayCursor`, and any sign that the code no longer matches the log (a
 * missing method, a throw, a different number of outgoing calls) is a
 * `ReplayDivergedError` naming the entry.
 */
import type { CallLogReader, LoggedCall } from "../CallLog.js";
import { ReplayDivergedError } from "../errors.js";
import { isPromiseLike } from "./isPromiseLike.js";
import { ReplayCursor } from "./ReplayCursor.js";

/** The actor being rebuilt, as replay needs it. */
export interface ReplayTarget {
  readonly actorId: string;
  readonly className: string;
  readonly instance: object;
  /** Runs `method` on the instance as the running call, its `record()` calls answered by `cursor`. */
  run(cursor: ReplayCursor, method: (...args: unknown[]) => unknown, args: unknown[]): unknown;
  /** Told of each entry once it was applied. */
  readonly replayed?: (entry: LoggedCall) => void;
}

/**
 * Applies the entries of `log` after `fromSeq`, read in batches of `batchSize`,
 * awaiting each async one before the next. Resolves with the seq of the last
 * entry applied (`fromSeq` if there was none).
 */
export async function replayCallLog(
  target: ReplayTarget,
  log: CallLogReader,
  fromSeq: number,
  batchSize: number,
): Promise<number> {
  let seq = fromSeq;
  for (;;) {
    const batch = await log.read(seq + 1, batchSize);
    if (batch.length === 0) return seq;
    for (const entry of batch) {
      const pending = replayOne(target, entry);
      if (pending !== undefined) await pending;
      target.replayed?.(entry);
      seq = entry.seq;
    }
  }
}

/** Calls `visit` with each entry of `log` with `fromSeq <= seq <= throughSeq`, read in batches. */
export async function forEachEntry(
  log: CallLogReader,
  fromSeq: number,
  throughSeq: number,
  batchSize: number,
  visit: (entry: LoggedCall) => void,
): Promise<void> {
  for (let from = fromSeq; from <= throughSeq;) {
    const batch = await log.read(from, batchSize);
    for (const entry of batch) {
      if (entry.seq > throughSeq) return;
      visit(entry);
    }
    const last = batch.at(-1);
    if (last === undefined) return;
    from = last.seq + 1;
  }
}

/** Applies one logged call; returns a promise only when the method is async. */
function replayOne(target: ReplayTarget, entry: LoggedCall): Promise<void> | undefined {
  const { actorId, className } = target;
  const method = (target.instance as Record<string, unknown>)[entry.method];
  if (typeof method !== "function") {
    const detail = `${className} has no method '${entry.method}'`;
    throw new ReplayDivergedError(actorId, entry.seq, detail);
  }
  const cursor = new ReplayCursor(actorId, entry);
  let result: unknown;
  try {
    result = target.run(cursor, method as (...args: unknown[]) => unknown, entry.args as unknown[]);
  } catch (error) {
    throw new ReplayDivergedError(actorId, entry.seq, `${entry.method} threw`, { cause: error });
  }
  if (!isPromiseLike(result)) {
    cursor.finish();
    return undefined;
  }
  return Promise.resolve(result).then(
    () => cursor.finish(),
    (error: unknown) => {
      throw new ReplayDivergedError(actorId, entry.seq, `${entry.method} rejected`, {
        cause: error,
      });
    },
  );
}
