/**
 * Lifecycle events in time order (keys in ms), and by subject, so `inspect` of one
 * actor scans only that actor's events. Events appended in one run of the event
 * loop are written in one batch (a task alone records five transitions).
 */
import type { EventQuery } from "../GcsApi.js";
import type { LifecycleEvent } from "../records.js";
import type { TableStore } from "../TableStore.js";
import { eventCodec } from "./codec.js";
import { TimeSeriesTable } from "./TimeSeriesTable.js";

export class EventTable {
  private readonly series: TimeSeriesTable<LifecycleEvent>;

  constructor(store: TableStore) {
    this.series = new TimeSeriesTable(store, {
      table: "events",
      codec: eventCodec,
      time: (event) => event.time,
      subject: (event) => event.subjectId,
    });
  }

  append(event: LifecycleEvent): Promise<void> {
    return this.series.append(event);
  }

  list(query: EventQuery): LifecycleEvent[] {
    return this.series.list(query);
  }
}
