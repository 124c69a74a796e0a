/**
 * Tasks on one node: a submitted task waits for the refs among its arguments, then
 * for resources (`{ cpu: 1 }` by default), runs on the least busy shared worker, and
 * its outcome becomes its result object. A worker's death runs it again (`retries`),
 * a throw too with `retryExceptions`; `cancel` drops a pending task or discards (or,
 * with `force`, kills) a running one. Each task has the lifecycle machine's states —
 * a retry is a restart — and its transitions and record go to the GCS, written
 * behind (`TaskRecords`).
 */
import { lifecycleTransition } from "@rayx/actors";
import type { Clock, LifecycleEvent, LifecycleState } from "@rayx/actors";
import type { Gcs } from "@rayx/gcs";
import { TaskCancelledError, TaskError, WorkerDiedError } from "../../errors.js";
import { ObjectRef } from "../../ObjectRef.js";
import type { TaskRequest } from "../clusterClient.js";
import type { ResultValue } from "../Frame.js";
import type { ObjectTable, Outcome } from "../ObjectTable.js";
import type { ClusterResources } from "../ClusterResources.js";
import { shapeOf, TaskLeases } from "./TaskLeases.js";
import type { Lease } from "./TaskLeases.js";
import { TaskRecords } from "./TaskRecords.js";
import { taskSpecOf } from "../head/taskSpec.js";
import { encodeValue } from "../wireCodec.js";
import type { WorkerSlot } from "../WorkerSlot.js";
import type { WorkerRequest } from "../workers/WorkerSlots.js";

/** What the scheduler needs of its node manager. */
export interface TaskHost {
  readonly objects: ObjectTable;
  readonly gcs: Gcs;
  readonly resources: ClusterResources;
  readonly nodeId: string;
  readonly jobId: string;
  /** What its records' and events' times read. */
  readonly clock: Clock;
  /**
   * The shared worker running the fewest tasks on a node with `needs` free — on node
   * `near` when it has them free, else anywhere — if any.
   */
  leastBusy(needs: Readonly<Record<string, number>>, near?: string): WorkerSlot | undefined;
  /** The node holding the most bytes of the stored objects encoded `args` name, if any. */
  heaviest(args: Uint8Array): string | undefined;
  request(worker: WorkerSlot, frame: WorkerRequest): Promise<ResultValue>;
  replaceWorker(workerId: string): Promise<void>;
}

/** Queued tasks looked at past the first that does not fit (see `dispatch`). */
const DISPATCH_WINDOW = 32;

interface TaskRun {
  readonly taskId: string;
  readonly resultId: string;
  readonly request: TaskRequest;
  /** The job of the driver that submitted it (the node manager's own for a worker's task). */
  readonly jobId: string;
  readonly needs: Readonly<Record<string, number>>;
  /** `shapeOf(needs)`: the leases it may run on. */
  readonly shape: string;
  bytes: Uint8Array | undefined;
  /** The node holding most of its stored arguments' bytes, else the submitter's: it runs there when it can. */
  near: string | undefined;
  /** Every ref in its arguments: held while its result lives (lineage: it may run again). */
  readonly argRefs: readonly string[];
  /** Its record's `spec` (`taskSpecOf`): what runs it again after a head restart. */
  readonly spec: Uint8Array;
  state: LifecycleState;
  attempts: number;
  worker: WorkerSlot | undefined;
  /** Where its latest attempt ran (its record's node and pid). */
  ranOn: { readonly nodeId: string; readonly pid: number } | undefined;
  cancelled: boolean;
}

export class TaskScheduler {
  readonly #host: TaskHost;
  /** Tasks by result id, while something may still ask for them. */
  readonly #runs = new Map<string, TaskRun>();
  readonly #queue: TaskRun[] = [];
  readonly #leases: TaskLeases;
  readonly #records: TaskRecords;
  #nextTask = 1;

  constructor(host: TaskHost) {
    this.#host = host;
    this.#leases = new TaskLeases(host.resources);
    this.#records = new TaskRecords(host.gcs);
  }

  /** Writes the task records and events not yet written to the GCS; resolves once committed. */
  flushRecords(): Promise<void> {
    return this.#records.flush();
  }

  /**
   * `worker`'s code waits in `get`/`wait` (`blocked`) or no longer does: the resources
   * of the tasks it runs are lent out meanwhile (see `TaskLeases`).
   */
  workerBlocked(worker: WorkerSlot, blocked: boolean): void {
    if (this.#leases.blocked(worker, blocked)) this.dispatch();
  }

  /** The id of the task producing `objectId`, if it is known. */
  producerOf(objectId: string): string | undefined {
    return this.#runs.get(objectId)?.taskId;
  }

  /** Nothing can ask for `objectId` any more: its lineage (and its hold on its arguments) goes. */
  forget(objectId: string): void {
    const task = this.#runs.get(objectId);
    if (task === undefined) return;
    this.#runs.delete(objectId);
    this.#host.objects.refs.releaseAll(task.argRefs);
  }

  /**
   * Runs the task that produced `resultId` again, its result being lost (lineage);
   * its own lost inputs are rebuilt first when its arguments are resolved. False
   * when no task of this node produced it (or it was cancelled).
   */
  rerun(resultId: string): boolean {
    const task = this.#runs.get(resultId);
    if (task === undefined || task.cancelled) return false;
    if (!this.#host.objects.isSettled(resultId)) return true; // already running again
    this.#host.objects.reset(resultId);
    task.state = "pending";
    task.attempts = 0;
    if (task.request.args.some((arg) => arg instanceof ObjectRef)) task.bytes = undefined;
    this.#start(task);
    return true;
  }

  /**
   * Queues a task; `from` is the submitting worker's node: the task runs there when that
   * node has the resources free (a node runs what it can), else by the arguments' bytes
   * or the least busy node. It is recorded under job `jobId`.
   */
  submit(request: TaskRequest, resultId: string, from?: string, jobId = this.#host.jobId): string {
    const needs = { cpu: 1, ...request.resources };
    this.#host.resources.checkFeasible(`task ${request.name}`, needs);
    const argRefs: string[] = [];
    const encoded = encodeValue(request.args, "args", argRefs); // bad input fails now, not later
    const bytes = request.args.some((arg) => arg instanceof ObjectRef) ? undefined : encoded;
    const task: TaskRun = {
      taskId: `task-${this.#nextTask++}`,
      resultId,
      request,
      jobId,
      needs,
      shape: shapeOf(needs),
      bytes,
      near: from,
      argRefs,
      spec: taskSpecOf(request, encoded),
      state: "pending",
      attempts: 0,
      worker: undefined,
      ranOn: undefined,
      cancelled: false,
    };
    this.#runs.set(resultId, task);
    this.#host.objects.refs.holdAll(argRefs);
    this.#host.objects.create(resultId);
    this.#recordTask(task);
    this.#start(task);
    return resultId;
  }

  /** Schedules `task` once the refs among its arguments are resolved. */
  #start(task: TaskRun): void {
    if (task.bytes !== undefined) {
      this.#schedule(task);
      return;
    }
    void this.#host.objects.resolveRefs(task.request.args).then(
      (resolved) => {
        if (task.cancelled) return;
        task.bytes = encodeValue(resolved, "args");
        task.near = this.#host.heaviest(task.bytes) ?? task.near;
        this.#schedule(task);
      },
      (error: unknown) => this.#finishTask(task, { kind: "error", error: error as Error }),
    );
  }

  async cancel(objectId: string, force: boolean): Promise<void> {
    const task = this.#runs.get(objectId);
    if (task === undefined || task.cancelled || this.#host.objects.isSettled(objectId)) return;
    task.cancelled = true;
    const index = this.#queue.indexOf(task);
    if (index !== -1) this.#queue.splice(index, 1);
    const worker = task.worker;
    this.#finishTask(task, { kind: "error", error: new TaskCancelledError(objectId) }, "KILL");
    if (worker !== undefined && force) await this.#host.replaceWorker(worker.workerId);
  }

  #schedule(task: TaskRun): void {
    this.#taskTransition(task, "SCHEDULE");
    this.#queue.push(task);
    this.dispatch();
  }

  /**
   * Starts queued tasks that get a lease (`TaskLeases.acquire`), in order. Tasks that
   * do not are skipped (a later, smaller one may fit), but only within a window: past
   * it the queue is FIFO, so a long queue costs no more than the window per dispatch.
   * A shape that got no lease is not asked again in the same pass.
   */
  dispatch(): void {
    let full: Set<string> | undefined;
    for (let i = 0, skipped = 0; i < this.#queue.length && skipped < DISPATCH_WINDOW;) {
      const task = this.#queue[i] as TaskRun;
      const lease =
        full?.has(task.shape) === true
          ? undefined
          : this.#leases.acquire(task.needs, task.shape, (needs) =>
              this.#host.leastBusy(needs, task.near),
            );
      if (lease === undefined) {
        (full ??= new Set()).add(task.shape);
        i++;
        skipped++;
        continue;
      }
      if (i === 0) this.#queue.shift();
      else this.#queue.splice(i, 1);
      this.#run(task, lease);
    }
  }

  #run(task: TaskRun, lease: Lease): void {
    const worker = lease.worker;
    task.worker = worker;
    task.ranOn = { nodeId: worker.nodeId, pid: worker.pid };
    task.attempts++;
    worker.tasks.add(task.resultId);
    this.#taskTransition(task, task.state === "crashed" ? "RESTART" : "START");
    this.#taskTransition(task, "STARTED");
    const reply = this.#host.request(worker, {
      kind: "call",
      target: { kind: "function", function: task.request.function },
      method: "",
      args: task.bytes as Uint8Array,
      argRefs: [],
      lease: lease.id,
      spanId: task.resultId,
      subjectId: task.taskId,
    });
    reply.then(
      (value) => this.#taskEnded(task, lease, value, undefined),
      (error: unknown) => this.#taskEnded(task, lease, undefined, error as Error),
    );
  }

  #taskEnded(
    task: TaskRun,
    lease: Lease,
    value: ResultValue | undefined,
    error: Error | undefined,
  ): void {
    lease.worker.tasks.delete(task.resultId);
    task.worker = undefined;
    this.#leases.release(lease, error instanceof WorkerDiedError);
    this.dispatch();
    if (task.cancelled) return;
    if (error === undefined) {
      const outcome: Outcome =
        value?.kind === "objectRef"
          ? { kind: "stored", objectId: value.objectId }
          : {
              kind: "bytes",
              bytes: value?.kind === "bytes" ? value.bytes : encodeValue(undefined),
            };
      this.#finishTask(task, outcome);
      return;
    }
    if (this.#argumentLost(task)) {
      // A pull of an argument failed: it is rebuilt from its lineage (or failed as lost) first.
      this.#taskTransition(task, "CRASH");
      task.bytes = undefined;
      this.#start(task);
      return;
    }
    const retryable =
      error instanceof WorkerDiedError ||
      task.request.retryExceptions === true ||
      (Array.isArray(task.request.retryExceptions) &&
        task.request.retryExceptions.includes(error.name));
    if (retryable && task.attempts <= task.request.retries) {
      this.#taskTransition(task, "CRASH");
      this.#queue.unshift(task);
      this.dispatch();
      return;
    }
    this.#finishTask(task, {
      kind: "error",
      error: new TaskError(`task ${task.request.name}`, error),
    });
  }

  /** Whether a ref among `task`'s arguments is no longer readable (being rebuilt, or lost). */
  #argumentLost(task: TaskRun): boolean {
    return task.request.args.some(
      (arg) => arg instanceof ObjectRef && this.#host.objects.unreadable(arg.id),
    );
  }

  #finishTask(task: TaskRun, outcome: Outcome, event?: LifecycleEvent): void {
    this.#host.objects.settle(task.resultId, outcome);
    if (event !== undefined) this.#taskTransition(task, event);
    else if (outcome.kind === "error") {
      if (task.state === "alive") this.#taskTransition(task, "CRASH");
      this.#taskTransition(task, task.state === "crashed" ? "GIVE_UP" : "KILL");
    } else {
      this.#taskTransition(task, "STOP");
      this.#taskTransition(task, "STOPPED");
    }
    this.#recordTask(task, outcome.kind === "error" ? outcome.error.message : undefined);
    // Only a stored result can be lost: an inline one (or an error) needs no lineage.
    if (outcome.kind !== "stored") this.forget(task.resultId);
  }

  #taskTransition(task: TaskRun, event: LifecycleEvent): void {
    let to: LifecycleState;
    try {
      to = lifecycleTransition(task.state, event);
    } catch {
      return; // e.g. a cancel racing with the end: the first outcome stands
    }
    task.state = to;
    this.#records.event({
      time: this.#host.clock.now(),
      subjectKind: "task",
      subjectId: task.taskId,
      type: to,
      detail: event,
      nodeId: this.#host.nodeId,
    });
  }

  #recordTask(task: TaskRun, lastError?: string): void {
    this.#records.record({
      taskId: task.taskId,
      jobId: task.jobId,
      functionName: task.request.name,
      module: task.request.function.module,
      spec: task.spec,
      argRefs: task.request.args
        .filter((a) => a instanceof ObjectRef)
        .map((a) => (a as ObjectRef).id),
      resultRefs: [task.resultId],
      state: task.state,
      attempts: task.attempts,
      maxRetries: task.request.retries,
      ...task.ranOn,
      ...(lastError === undefined ? {} : { lastError }),
      updatedAt: this.#host.clock.now(),
    });
  }
}
