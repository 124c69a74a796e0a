/**
 * The control store in this process: typed tables, call logs, snapshots, names and
 * events on a `TableStore` (LMDB shared by the host's processes, or memory), plus
 * subscriptions to the changes any process of the host makes to it. `GcsServer` serves one of these
 * over ws; `GcsClient` is the same `GcsApi` from another host.
 */
import type {
  EventQuery,
  GcsApi,
  GcsTopic,
  GcsTopics,
  NameClaim,
  SpanQuery,
  Subscription,
} from "./GcsApi.js";
import { CallLogTable } from "./internal/CallLogTable.js";
import { ChangeFeed } from "./internal/ChangeFeed.js";
import {
  actorCodec,
  spanCodec,
  isTopic,
  jobCodec,
  nameChangeCodec,
  nodeCodec,
  objectCodec,
  supervisorCodec,
  taskCodec,
  topics,
} from "./internal/codec.js";
import { EventTable } from "./internal/EventTable.js";
import { TimeSeriesTable } from "./internal/TimeSeriesTable.js";
import { NameTable } from "./internal/NameTable.js";
import { RecordTable } from "./internal/RecordTable.js";
import { settle } from "./internal/settle.js";
import type {
  ActorInfo,
  CallLogEntry,
  CallSpan,
  JobInfo,
  LifecycleEvent,
  LoggedCall,
  NameChange,
  NamedActor,
  NodeInfo,
  ObjectInfo,
  Snapshot,
  SupervisorInfo,
  TaskInfo,
} from "./records.js";
import type { TableStore } from "./TableStore.js";

type Listener = (change: never) => void;

export interface GcsOptions {
  /**
   * How often (ms) a Gcs with subscribers looks for changes made by other processes
   * sharing its env; defaults to 20.
   */
  readonly changePollMs?: number;
}

/**
 * The GCS on a store. Subscribers hear about changes made through this instance at
 * once, and about changes other processes made to the same env within
 * `changePollMs` (through a commit-ordered change feed in the store).
 *
 * @example
 * ```ts
 * const gcs = new Gcs(openLmdbStore({ dir: join(sessionDir, "gcs") }));
 * await gcs.appendCall("counter-1", { seq: 1, method: "add", args, argRefs: [], nested: [] });
 * for (const call of await gcs.readCalls("counter-1", 1, 1000)) replay(call);
 * await gcs.close();
 * ```
 */
export class Gcs implements GcsApi {
  private readonly nodes: RecordTable<NodeInfo>;
  private readonly jobs: RecordTable<JobInfo>;
  private readonly actors: RecordTable<ActorInfo>;
  private readonly tasks: RecordTable<TaskInfo>;
  private readonly objects: RecordTable<ObjectInfo>;
  private readonly supervisors: RecordTable<SupervisorInfo>;
  private readonly names: NameTable;
  private readonly events: EventTable;
  private readonly spans: TimeSeriesTable<CallSpan>;
  private readonly calls: CallLogTable;
  private readonly listeners = new Map<GcsTopic, Set<Listener>>();
  private readonly feed: ChangeFeed;

  constructor(
    readonly store: TableStore,
    options: GcsOptions = {},
  ) {
    this.feed = new ChangeFeed(
      store,
      (topic, payload) => this.deliverFromFeed(topic, payload),
      options.changePollMs ?? 20,
    );
    this.nodes = new RecordTable(store, "nodes", nodeCodec, (r) => r.nodeId);
    this.jobs = new RecordTable(store, "jobs", jobCodec, (r) => r.jobId);
    this.actors = new RecordTable(store, "actors", actorCodec, (r) => r.actorId);
    this.tasks = new RecordTable(store, "tasks", taskCodec, (r) => r.taskId);
    this.objects = new RecordTable(store, "objects", objectCodec, (r) => r.objectId);
    this.supervisors = new RecordTable(
      store,
      "supervisors",
      supervisorCodec,
      (r) => r.supervisorId,
    );
    this.names = new NameTable(store);
    this.events = new EventTable(store);
    this.spans = new TimeSeriesTable(store, {
      table: "spans",
      codec: spanCodec,
      time: (span) => span.startUs,
      subject: (span) => span.subjectId,
    });
    this.calls = new CallLogTable(store);
  }

  async putNode(node: NodeInfo): Promise<void> {
    const write = this.nodes.putOp(node);
    await this.store.batch([write, this.feed.op("nodes", write.value)]);
    this.publish("nodes", node);
  }
  getNode(nodeId: string): Promise<NodeInfo | undefined> {
    return settle(() => this.nodes.get(nodeId));
  }
  listNodes(): Promise<readonly NodeInfo[]> {
    return settle(() => this.nodes.list());
  }
  async removeNode(nodeId: string): Promise<void> {
    const node = this.nodes.get(nodeId);
    if (node === undefined || node.state === "dead") return;
    await this.putNode({ ...node, state: "dead" });
  }

  async putJob(job: JobInfo): Promise<void> {
    await this.jobs.put(job);
  }
  getJob(jobId: string): Promise<JobInfo | undefined> {
    return settle(() => this.jobs.get(jobId));
  }
  listJobs(): Promise<readonly JobInfo[]> {
    return settle(() => this.jobs.list());
  }

  async putActor(actor: ActorInfo): Promise<void> {
    const write = this.actors.putOp(actor);
    await this.store.batch([write, this.feed.op("actors", write.value)]);
    this.publish("actors", actor);
  }
  getActor(actorId: string): Promise<ActorInfo | undefined> {
    return settle(() => this.actors.get(actorId));
  }
  listActors(): Promise<readonly ActorInfo[]> {
    return settle(() => this.actors.list());
  }
  async removeActor(actorId: string): Promise<void> {
    await this.calls.remove(actorId);
    await this.actors.delete(actorId);
  }

  async putTask(task: TaskInfo): Promise<void> {
    await this.tasks.put(task);
  }
  getTask(taskId: string): Promise<TaskInfo | undefined> {
    return settle(() => this.tasks.get(taskId));
  }
  listTasks(): Promise<readonly TaskInfo[]> {
    return settle(() => this.tasks.list());
  }

  async putObject(object: ObjectInfo): Promise<void> {
    await this.objects.put(object);
  }
  getObject(objectId: string): Promise<ObjectInfo | undefined> {
    return settle(() => this.objects.get(objectId));
  }
  listObjects(): Promise<readonly ObjectInfo[]> {
    return settle(() => this.objects.list());
  }
  async removeObject(objectId: string): Promise<void> {
    await this.objects.delete(objectId);
  }

  async claimName(namespace: string, name: string, actorId: string): Promise<NameClaim> {
    const claim = await this.names.claim({ namespace, name, actorId });
    if (claim.created)
      await this.announceName({ entry: { namespace, name, actorId }, registered: true });
    return claim;
  }
  lookupName(namespace: string, name: string): Promise<string | undefined> {
    return settle(() => this.names.lookup(namespace, name));
  }
  async releaseName(namespace: string, name: string, actorId: string): Promise<boolean> {
    const entry = { namespace, name, actorId };
    const released = await this.names.release(entry);
    if (released) await this.announceName({ entry, registered: false });
    return released;
  }
  listNames(namespace: string): Promise<readonly NamedActor[]> {
    return settle(() => this.names.list(namespace));
  }

  async putSupervisor(supervisor: SupervisorInfo): Promise<void> {
    await this.supervisors.put(supervisor);
  }
  getSupervisor(supervisorId: string): Promise<SupervisorInfo | undefined> {
    return settle(() => this.supervisors.get(supervisorId));
  }
  listSupervisors(): Promise<readonly SupervisorInfo[]> {
    return settle(() => this.supervisors.list());
  }

  async appendEvent(event: LifecycleEvent): Promise<void> {
    await this.events.append(event);
  }
  listEvents(query: EventQuery): Promise<readonly LifecycleEvent[]> {
    return settle(() => this.events.list(query));
  }

  async appendSpans(spans: readonly CallSpan[]): Promise<void> {
    await Promise.all(spans.map((span) => this.spans.append(span)));
  }
  listSpans(query: SpanQuery): Promise<readonly CallSpan[]> {
    const { sinceUs, untilUs, subjectId, limit } = query;
    return settle(() => this.spans.list({ since: sinceUs, until: untilUs, subjectId, limit }));
  }

  // The hot path: no async wrapper (the table turns a throw into a rejection).
  appendCall(actorId: string, entry: CallLogEntry): Promise<void> {
    return this.calls.append(actorId, entry);
  }
  appendCalls(actorId: string, entries: readonly CallLogEntry[]): Promise<void> {
    return this.calls.appendMany(actorId, entries);
  }
  readCalls(actorId: string, fromSeq: number, limit: number): Promise<readonly LoggedCall[]> {
    return settle(() => this.calls.read(actorId, fromSeq, limit));
  }
  lastSeq(actorId: string): Promise<number> {
    return settle(() => this.calls.lastSeq(actorId));
  }
  compactCalls(actorId: string, throughSeq: number): Promise<number> {
    return this.calls.compact(actorId, throughSeq);
  }
  async writeSnapshot(actorId: string, snapshot: Snapshot): Promise<void> {
    await this.calls.writeSnapshot(actorId, snapshot);
  }
  latestSnapshot(actorId: string): Promise<Snapshot | undefined> {
    return settle(() => this.calls.latestSnapshot(actorId));
  }

  /**
   * Reads an actor's whole log from `fromSeq` in batches of `batchSize` (default
   * 1,000), so a replay of millions of entries holds one batch at a time.
   */
  async *replayCalls(
    actorId: string,
    fromSeq: number,
    batchSize = 1000,
  ): AsyncIterableIterator<readonly LoggedCall[]> {
    let next = fromSeq;
    for (;;) {
      const batch = await this.readCalls(actorId, next, batchSize);
      if (batch.length > 0) yield batch;
      if (batch.length < batchSize) return;
      next = batch[batch.length - 1]!.seq + 1;
    }
  }

  subscribe<T extends GcsTopic>(
    topic: T,
    listener: (change: GcsTopics[T]) => void,
  ): Promise<Subscription> {
    return settle(() => {
      let set = this.listeners.get(topic);
      if (set === undefined) this.listeners.set(topic, (set = new Set()));
      const entry = listener as Listener;
      set.add(entry);
      this.feed.start();
      const close = () => {
        set.delete(entry);
        if (set.size === 0) this.listeners.delete(topic);
        if (this.listeners.size === 0) this.feed.stop();
      };
      return { close: () => settle(close) };
    });
  }

  /** Closes the store (pending writes are committed first). */
  close(): Promise<void> {
    this.feed.stop();
    this.listeners.clear();
    return this.store.close();
  }

  private async announceName(change: NameChange): Promise<void> {
    // A separate commit from the claim (which ran as a transaction): a crash in
    // between loses this one push, never the name itself.
    await this.store.batch([this.feed.op("names", nameChangeCodec.encode(change))]);
    this.publish("names", change);
  }

  private deliverFromFeed(topic: string, payload: Uint8Array): void {
    if (!isTopic(topic)) return; // a topic of a newer rayx: nobody here subscribes to it
    this.publish(topic, topics[topic].decode(payload, `${topic} change`));
  }

  private publish<T extends GcsTopic>(topic: T, change: GcsTopics[T]): void {
    for (const listener of this.listeners.get(topic) ?? []) {
      // A throwing listener must not fail the write that was already committed.
      try {
        (listener as (change: GcsTopics[T]) => void)(change);
      } catch (error) {
        process.emitWarning(`a GCS '${topic}' subscriber threw: ${String(error)}`);
      }
    }
  }
}
