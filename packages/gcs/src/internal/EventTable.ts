/**
 * Lifecycle events in time order. A key is the time (ms, 8 big-endian bytes), then
 * this process's pid and a counter, so events from many processes never collide
 * and a time window is one range scan. A second table keys the same events by
 * subject first, so `inspect` of one actor scans only that actor's events. Events
 * appended in one run of the event loop are written in one batch (a task alone
 * records five transitions: one store transaction each cost more than the task).
 */
import type { EventQuery } from "../GcsApi.js";
import type { LifecycleEvent } from "../records.js";
import type { BatchOp, TableStore } from "../TableStore.js";
import { checkId, idRange, seqKey } from "./bytes.js";
import { eventCodec } from "./codec.js";

const EVENTS = "events";
const BY_SUBJECT = "events_by_subject";
const DEFAULT_LIMIT = 10_000;

export class EventTable {
  private counter = 0;
  /** Writes of the events appended since the last batch, and that batch's commit. */
  private pending: BatchOp[] = [];
  private committed: Promise<void> | undefined;

  constructor(private readonly store: TableStore) {}

  append(event: LifecycleEvent): Promise<void> {
    const subject = checkId(event.subjectId, "event subject id");
    const unique = new Uint8Array(8);
    const view = new DataView(unique.buffer);
    view.setUint32(0, process.pid);
    view.setUint32(4, this.counter++ >>> 0);
    const value = eventCodec.encode(event);
    this.pending.push(
      { type: "put", table: EVENTS, key: concat(timeKey("", event.time), unique), value },
      { type: "put", table: BY_SUBJECT, key: concat(timeKey(subject, event.time), unique), value },
    );
    // After the microtasks of this turn: events appended by promise reactions join too.
    this.committed ??= new Promise<void>((resolve) => process.nextTick(resolve)).then(() => {
      const ops = this.pending;
      this.pending = [];
      this.committed = undefined;
      return this.store.batch(ops);
    });
    return this.committed;
  }

  list(query: EventQuery): LifecycleEvent[] {
    const { since, until, subjectId, limit = DEFAULT_LIMIT } = query;
    const subject = subjectId === undefined ? "" : checkId(subjectId, "subjectId");
    const table = subjectId === undefined ? EVENTS : BY_SUBJECT;
    const whole = subjectId === undefined ? {} : idRange(subject);
    const range = {
      ...whole,
      ...(since !== undefined && { start: timeKey(subject, Math.ceil(since)) }),
      ...(until !== undefined && { end: timeKey(subject, Math.ceil(until)) }),
      limit,
    };
    return Array.from(this.store.scan(table, range), ({ value }) =>
      eventCodec.decode(value, table),
    );
  }
}

/** `subject` NUL (none when ""), then the time in ms as 8 big-endian bytes. */
function timeKey(subject: string, time: number): Uint8Array {
  return seqKey(subject, Math.max(0, Math.floor(time)));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
