/**
 * Records kept in time order, and a second time; keyed by subject first, so a time
 * window is one range scan and so is one subject's history. A key is the time (a
 * whole number of the series' unit, 8 big-endian bytes), then this process's pid and
 * a counter, so records from many processes never collide. Records appended in one
 * run of the event loop are written in one batch (one store transaction each would
 * cost more than what they record). Lifecycle events and call spans are two series.
 */
import type { Codec } from "./codec.js";
import type { BatchOp, TableStore } from "../TableStore.js";
import { checkId, idRange, seqKey } from "./bytes.js";

/** A window of a series; each unset field does not filter. */
export interface SeriesQuery {
  /** Records at or after this time (the series' unit). */
  readonly since?: number | undefined;
  /** Records before this time. */
  readonly until?: number | undefined;
  readonly subjectId?: string | undefined;
  /** At most this many, oldest first; defaults to 10,000. */
  readonly limit?: number | undefined;
}

/** Where a series lives and how to read its records' time and subject. */
export interface SeriesLayout<T> {
  /** The table in time order; `<table>_by_subject` holds the second order. */
  readonly table: string;
  readonly codec: Codec<T>;
  readonly time: (record: T) => number;
  readonly subject: (record: T) => string;
}

const DEFAULT_LIMIT = 10_000;

export class TimeSeriesTable<T> {
  private counter = 0;
  /** Writes of the records appended since the last batch, and that batch's commit. */
  private pending: BatchOp[] = [];
  private committed: Promise<void> | undefined;
  private readonly bySubject: string;

  constructor(
    private readonly store: TableStore,
    private readonly layout: SeriesLayout<T>,
  ) {
    this.bySubject = `${layout.table}_by_subject`;
  }

  append(record: T): Promise<void> {
    const { layout } = this;
    const subject = checkId(layout.subject(record), `${layout.table} subject id`);
    const unique = new Uint8Array(8);
    const view = new DataView(unique.buffer);
    view.setUint32(0, process.pid);
    view.setUint32(4, this.counter++ >>> 0);
    const value = layout.codec.encode(record);
    const time = layout.time(record);
    this.pending.push(
      { type: "put", table: layout.table, key: concat(timeKey("", time), unique), value },
      { type: "put", table: this.bySubject, key: concat(timeKey(subject, time), unique), value },
    );
    // After the microtasks of this turn: records appended by promise reactions join too.
    this.committed ??= new Promise<void>((resolve) => process.nextTick(resolve)).then(() => {
      const ops = this.pending;
      this.pending = [];
      this.committed = undefined;
      return this.store.batch(ops);
    });
    return this.committed;
  }

  list(query: SeriesQuery): T[] {
    const { since, until, subjectId, limit = DEFAULT_LIMIT } = query;
    const subject = subjectId === undefined ? "" : checkId(subjectId, "subjectId");
    const table = subjectId === undefined ? this.layout.table : this.bySubject;
    const whole = subjectId === undefined ? {} : idRange(subject);
    const range = {
      ...whole,
      ...(since !== undefined && { start: timeKey(subject, Math.ceil(since)) }),
      ...(until !== undefined && { end: timeKey(subject, Math.ceil(until)) }),
      limit,
    };
    return Array.from(this.store.scan(table, range), ({ value }) =>
      this.layout.codec.decode(value, table),
    );
  }
}

/** `subject` NUL (none when ""), then the time as 8 big-endian bytes. */
function timeKey(subject: string, time: number): Uint8Array {
  return seqKey(subject, Math.max(0, Math.floor(time)));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
