/**
 * Write-behind of the tasks' GCS records and lifecycle events, as Ray buffers its task
 * events: a task's record updates made within one interval collapse into the last one,
 * and the interval's records and events go to the GCS together at its end — one commit
 * per interval instead of one per event turn, off the submit/reply path. `rayx list
 * tasks` (read from the GCS by another process) may lag by up to the interval; the
 * node's own `listTasks` flushes first. Actor call logs are not written here: they stay
 * strictly before the reply.
 */
import type { Gcs, LifecycleEvent, TaskInfo } from "@rayx/gcs";

/** How long task records and events wait to be written, by default. */
export const TASK_RECORDS_INTERVAL_MS = 100;

const swallow = (): void => undefined;

export class TaskRecords {
  readonly #gcs: Pick<Gcs, "putTask" | "appendEvent">;
  readonly #intervalMs: number;
  /** The latest record of each task updated since the last flush. */
  readonly #records = new Map<string, TaskInfo>();
  readonly #events: LifecycleEvent[] = [];
  #timer: NodeJS.Timeout | undefined;

  /** `intervalMs` defaults to `TASK_RECORDS_INTERVAL_MS`. */
  constructor(gcs: Pick<Gcs, "putTask" | "appendEvent">, intervalMs = TASK_RECORDS_INTERVAL_MS) {
    this.#gcs = gcs;
    this.#intervalMs = intervalMs;
  }

  /** Writes `record` at the next flush, replacing the task's record not yet written. */
  record(record: TaskInfo): void {
    this.#records.set(record.taskId, record);
    this.#arm();
  }

  /** Appends `event` at the next flush, after the events before it. */
  event(event: LifecycleEvent): void {
    this.#events.push(event);
    this.#arm();
  }

  /** Writes everything buffered now; resolves once it is committed (write failures are dropped). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#records.size === 0 && this.#events.length === 0) return Promise.resolve();
    const writes: Promise<void>[] = [];
    for (const record of this.#records.values()) writes.push(this.#gcs.putTask(record));
    for (const event of this.#events) writes.push(this.#gcs.appendEvent(event));
    this.#records.clear();
    this.#events.length = 0;
    return Promise.all(writes.map((write) => write.catch(swallow))).then(swallow);
  }

  #arm(): void {
    this.#timer ??= setTimeout(() => void this.flush(), this.#intervalMs);
  }
}
