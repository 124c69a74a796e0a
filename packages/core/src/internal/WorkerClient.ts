/**
 * The `ClusterClient` of a worker process: what user code running in a worker (a
 * task, an actor method) reaches when it calls a handle, submits a task or gets a
 * ref. Every operation is forwarded to the node manager as a `rayx:node` service
 * call; the object's id is chosen here, so a ref made in a worker names the same
 * object everywhere. Calls made by a logged actor method (before or after its
 * `await`s: `ActorHost` makes the cell follow them) go through `cell.record()`, so a
 * replay returns their recorded results instead of sending them again. A driver
 * joined to a head over ws (`connectDriver`) uses this same client on its ws channel.
 */
import { ActorCell } from "@rayx/actors";
import { newObjectId } from "@rayx/objectstore";
import type { ObjectStore } from "@rayx/objectstore";
import { RuntimeStateError } from "../errors.js";
import { ObjectRef } from "../ObjectRef.js";
import type {
  ActorInfo as ActorRecord,
  JobInfo,
  NodeInfo,
  ObjectInfo,
  SupervisorInfo,
  TaskInfo,
} from "@rayx/gcs";
import type {
  ActorAddress,
  ActorInfo,
  ClusterClient,
  SpawnRequest,
  SupervisorOp,
  SupervisorRequest,
  TaskRequest,
  WaitResult,
} from "./clusterClient.js";
import type { Frame, ResultValue } from "./Frame.js";
import type { FrameChannel } from "./FrameChannel.js";
import { INLINE_LIMIT_BYTES, nodeService } from "./service/nodeService.js";
import type { NodeServiceOp } from "./service/nodeService.js";
import { ReportedRefs } from "./ReportedRefs.js";
import { RequestTable } from "./RequestTable.js";
import { NODE_HOLDER, valueHolder } from "./storeHolders.js";
import { decodeValue, encodeValue, encodeWithHead } from "./wireCodec.js";

export class WorkerClient implements ClusterClient {
  readonly namespace: string;
  readonly requests = new RequestTable();
  readonly #channel: Pick<FrameChannel<Frame>, "send">;
  #store: ObjectStore | undefined;
  /** Objects this worker made, by id: their value once the node manager has it. */
  readonly #made = new Map<string, Promise<unknown>>();
  /** This process's live refs, reported to the node manager (install it with `setRefTracker`). */
  readonly refs = new ReportedRefs(
    (holds, releases) => void this.#service("refs", [holds, releases]).catch(() => undefined),
    (id) => this.#made.delete(id),
  );

  constructor(
    channel: Pick<FrameChannel<Frame>, "send">,
    store: ObjectStore | undefined,
    namespace: string,
  ) {
    this.#channel = channel;
    this.#store = store;
    this.namespace = namespace;
  }

  /** Reads stored values from `store` from now on (a driver's head came back with a new one). */
  replaceStore(store: ObjectStore | undefined): void {
    this.#store = store;
  }

  /**
   * A value the node manager or another worker sent: inline bytes or an object-store id
   * (read as this process's own copy, or with `zeroCopy` as views of large typed arrays).
   */
  readValue(value: ResultValue, zeroCopy = false): unknown {
    const read = (id: string) => this.#storeOf(id).get(id, { zeroCopy });
    return value.kind === "objectRef" ? read(value.objectId) : decodeValue(value.bytes, read);
  }

  callActor(actorId: string, method: string, args: readonly unknown[]): string {
    const id = newObjectId();
    const refs: string[] = [];
    const bytes = encodeWithHead([actorId, method, id], args, "args", refs); // bad input fails now
    return this.#make(() => this.#serviceBytes("callActor", bytes, refs.length > 0), id);
  }

  submitTask(request: TaskRequest): string {
    const id = newObjectId();
    const refs: string[] = [];
    const bytes = encodeWithHead([id], request, "task", refs);
    return this.#make(() => this.#serviceBytes("submitTask", bytes, refs.length > 0), id);
  }

  put(value: unknown): string {
    const refs: string[] = [];
    const bytes = encodeValue(value, "value", refs);
    const store = this.#store;
    if (bytes.length <= INLINE_LIMIT_BYTES || store === undefined) {
      return this.#make((id) =>
        this.#serviceBytes("put", encodeValue([bytes, id]), refs.length > 0),
      );
    }
    // Too large for a frame: written into the node's object store (owned by the node
    // manager), announced first so that a get that comes before the write waits for it.
    return this.#make((id) => {
      if (refs.length > 0) this.holdAs(valueHolder(id), refs, []);
      const announced = this.#serviceBytes("put", encodeValue([undefined, id]));
      store
        .put(value, { id, holder: NODE_HOLDER })
        .then(
          () => this.#service("putStored", [id]),
          (error: unknown) => this.#service("putStored", [id, String(error)]),
        )
        .catch(() => undefined);
      return announced;
    });
  }

  get(objectId: string, _timeoutMs?: number, zeroCopy = false): Promise<unknown> {
    // Held by this process until the value is read: the caller's ref may be collected meanwhile.
    const holdUntilRead = new ObjectRef(objectId);
    const value =
      this.#made.get(objectId) ??
      this.#serviceBytes("get", encodeValue([objectId], "args"), true, zeroCopy);
    return value.finally(() => holdUntilRead.id);
  }

  wait(objectIds: readonly string[], numReturns: number, timeoutMs?: number): Promise<WaitResult> {
    return this.#service("wait", [objectIds, numReturns, timeoutMs]) as Promise<WaitResult>;
  }

  async cancel(objectId: string, force: boolean): Promise<void> {
    await this.#service("cancel", [objectId, force]);
  }

  spawn(request: SpawnRequest): Promise<ActorAddress> {
    return this.#service("spawn", [request]) as Promise<ActorAddress>;
  }

  lookupActor(name: string, namespace?: string): Promise<ActorAddress> {
    return this.#service("lookupActor", [name, namespace]) as Promise<ActorAddress>;
  }

  async kill(actorId: string, noRestart: boolean): Promise<void> {
    await this.#service("kill", [actorId, noRestart]);
  }

  inspect(target: string): Promise<ActorInfo> {
    return this.#service("inspect", [target]) as Promise<ActorInfo>;
  }

  supervise(request: SupervisorRequest): Promise<string> {
    return this.#service("supervise", [request]) as Promise<string>;
  }
  supervisorCall(supervisorId: string, operation: SupervisorOp): Promise<unknown> {
    return this.#service("supervisorCall", [supervisorId, operation]);
  }

  listActors(): Promise<readonly ActorRecord[]> {
    return this.#service("listActors", []) as Promise<readonly ActorRecord[]>;
  }
  listTasks(): Promise<readonly TaskInfo[]> {
    return this.#service("listTasks", []) as Promise<readonly TaskInfo[]>;
  }
  listObjects(): Promise<readonly ObjectInfo[]> {
    return this.#service("listObjects", []) as Promise<readonly ObjectInfo[]>;
  }
  listNodes(): Promise<readonly NodeInfo[]> {
    return this.#service("listNodes", []) as Promise<readonly NodeInfo[]>;
  }
  listSupervisors(): Promise<readonly SupervisorInfo[]> {
    return this.#service("listSupervisors", []) as Promise<readonly SupervisorInfo[]>;
  }
  listJobs(): Promise<readonly JobInfo[]> {
    return this.#service("listJobs", []) as Promise<readonly JobInfo[]>;
  }

  /** Any `rayx:node` operation by name: what a joined driver's `hello` and `endJob` use. */
  call(op: NodeServiceOp, args: readonly unknown[]): Promise<unknown> {
    return this.#service(op, args);
  }

  /**
   * Holds `holds` and releases `releases` under `holder`, a name that outlives this
   * process (a call log's entry), at the node manager.
   */
  holdAs(holder: string, holds: readonly string[], releases: readonly string[]): void {
    void this.#service("refs", [holds, releases, holder]).catch(() => undefined);
  }

  /**
   * Starts making an object: assigns its id (unless given), runs `send` (through `record()` inside a
   * logged actor call, so a replay returns the recorded value without sending).
   */
  #make(send: (id: string) => Promise<unknown>, id = newObjectId()): string {
    const cell = ActorCell.current();
    const value = cell === undefined ? send(id) : cell.record(() => send(id));
    // Kept (not dropped on settle): a replayed call's recorded value exists only here.
    value.catch(() => undefined); // observed by whoever gets the ref; unobserved is fine
    this.#made.set(id, value);
    return id;
  }

  #service(op: NodeServiceOp, args: readonly unknown[]): Promise<unknown> {
    return this.#serviceBytes(op, encodeValue(args, "args"));
  }

  /**
   * Sends a service call. Pending ref changes are reported first when the call carries
   * refs (`carriesRefs`), so the manager counts them before it arrives; a call or task
   * without refs lets them go at the end of the turn, batched (a loop of calls would
   * otherwise send a `refs` call, for the ref the previous call made, before each one).
   */
  async #serviceBytes(
    op: NodeServiceOp,
    args: Uint8Array,
    carriesRefs = true,
    zeroCopy = false,
  ): Promise<unknown> {
    if (carriesRefs) this.refs.flush();
    const { id, reply } = this.requests.open();
    try {
      this.#channel.send({
        kind: "call",
        requestId: id,
        target: { kind: "function", function: nodeService(op) },
        method: "",
        args,
        argRefs: [],
      });
    } catch (error) {
      this.requests.reject(id, error as Error);
    }
    return this.readValue(await reply, zeroCopy);
  }

  #storeOf(objectId: string): ObjectStore {
    if (this.#store === undefined) {
      throw new RuntimeStateError(
        `object ${objectId} is in the object store, which this worker has not opened`,
      );
    }
    return this.#store;
  }
}
