/**
 * Lifecycle events in time order. A key is the time (ms, 8 big-endian bytes), then
 * this process's pid and a counter, so events from many processes never collide
 * and a time window is one range scan.
 */
import type { EventQuery } from "../GcsApi.js";
import type { LifecycleEvent } from "../records.js";
import type { TableStore } from "../TableStore.js";
import { seqKey } from "./bytes.js";
import { eventCodec } from "./codec.js";

const EVENTS = "events";
const DEFAULT_LIMIT = 10_000;

export class EventTable {
  private counter = 0;

  constructor(private readonly store: TableStore) {}

  append(event: LifecycleEvent): Promise<void> {
    const key = new Uint8Array(16);
    key.set(timeKey(event.time), 0);
    const view = new DataView(key.buffer);
    view.setUint32(8, process.pid);
    view.setUint32(12, this.counter++ >>> 0);
    return this.store.put(EVENTS, key, eventCodec.encode(event));
  }

  list(query: EventQuery): LifecycleEvent[] {
    const { since, until, subjectId, limit = DEFAULT_LIMIT } = query;
    const out: LifecycleEvent[] = [];
    const range = {
      ...(since !== undefined && { start: timeKey(Math.ceil(since)) }),
      ...(until !== undefined && { end: timeKey(Math.ceil(until)) }),
    };
    for (const { value } of this.store.scan(EVENTS, range)) {
      if (out.length >= limit) break;
      const event = eventCodec.decode(value, "events");
      if (subjectId === undefined || event.subjectId === subjectId) out.push(event);
    }
    return out;
  }
}

function timeKey(time: number): Uint8Array {
  return seqKey("", Math.max(0, Math.floor(time)));
}
