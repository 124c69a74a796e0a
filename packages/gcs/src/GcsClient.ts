/**
 * The GCS from another host (or the CLI): every `GcsApi` operation as a request
 * over one ws connection to a `GcsServer`. Requests are pipelined (each has an id;
 * responses may come in any order), each with its own timeout; subscriptions share
 * one server-side subscription per topic.
 */
import WebSocket from "ws";
import {
  GcsConnectionError,
  GcsProtocolError,
  GcsRemoteError,
  GcsTimeoutError,
  type RayxError,
} from "./errors.js";
import type {
  EventQuery,
  GcsApi,
  GcsOperations,
  GcsTopic,
  GcsTopics,
  NameClaim,
  SpanQuery,
  Subscription,
} from "./GcsApi.js";
import {
  frames,
  isTopic,
  topics,
  values,
  type Codec,
  type ErrorInfo,
  type ResponseFrame,
} from "./internal/codec.js";
import {
  DEFAULT_MAX_PAYLOAD,
  HELLO,
  methods,
  PROTOCOL,
  SUBSCRIBE,
  UNSUBSCRIBE,
  type MethodName,
} from "./internal/methods.js";
import type {
  ActorInfo,
  CallLogEntry,
  CallSpan,
  JobInfo,
  LifecycleEvent,
  LoggedCall,
  NamedActor,
  NodeInfo,
  ObjectInfo,
  Snapshot,
  SupervisorInfo,
  TaskInfo,
} from "./records.js";
import { rejection } from "./internal/settle.js";

export interface GcsClientOptions {
  /** The server's shared token, sent as `Authorization: Bearer`; defaults to none. */
  readonly token?: string;
  /**
   * Per-request (and connection handshake) timeout in ms, enforced within a quarter
   * of itself; defaults to 10,000.
   */
  readonly timeoutMs?: number;
  /** Largest request to send, in bytes (match the server's); defaults to 64 MiB. */
  readonly maxPayload?: number;
}

interface Pending {
  readonly method: string;
  readonly result: Codec<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  /** When it times out (performance.now() ms). */
  readonly deadline: number;
}

type Listener = (change: never) => void;

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * A connection to a `GcsServer`, offering the same `GcsApi` as a local `Gcs`.
 *
 * @example
 * ```ts
 * const gcs = await GcsClient.connect("ws://10.0.0.5:6380", { token: process.env.RAYX_TOKEN });
 * const actors = await gcs.listActors();
 * const sub = await gcs.subscribe("actors", (a) => console.log(a.actorId, a.state));
 * await gcs.close();
 * ```
 */
export class GcsClient implements GcsApi {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<GcsTopic, Set<Listener>>();
  private closedBy: Error | undefined;
  private readonly timeoutMs: number;
  private readonly maxPayload: number;
  /**
   * One sweeping timer instead of one per request (a timer per request halves
   * pipelined throughput). Requests share one timeout, so the Map's insertion order
   * is deadline order and a sweep stops at the first live request.
   */
  private readonly sweeper: NodeJS.Timeout;

  private constructor(
    private readonly socket: WebSocket,
    readonly url: string,
    options: GcsClientOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    socket.on("message", (data) => this.receive(data as Buffer));
    socket.on("close", (code, reason) => this.closed(code, reason.toString()));
    socket.on("error", () => undefined); // "close" follows with the code that matters
    this.sweeper = setInterval(() => this.expire(), Math.max(5, this.timeoutMs / 4));
    this.sweeper.unref();
  }

  /** Connects to `url` (`ws://host:port`); rejects with `GcsConnectionError` if refused. */
  static connect(url: string, options: GcsClientOptions = {}): Promise<GcsClient> {
    const headers = options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };
    const socket = new WebSocket(url, PROTOCOL, {
      headers,
      perMessageDeflate: false,
      handshakeTimeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    return new Promise((resolve, reject) => {
      const refused = (message: string) => {
        socket.removeAllListeners();
        socket.on("error", () => undefined);
        socket.terminate();
        reject(new GcsConnectionError(`cannot connect to the GCS at ${url}: ${message}`));
      };
      socket.once("unexpected-response", (_req, res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => refused(`${res.statusCode} ${body || res.statusMessage}`));
      });
      socket.once("error", (error) => refused(error.message));
      socket.once("open", () => {
        socket.removeAllListeners();
        const client = new GcsClient(socket, url, options);
        // The server closes a connection that stays silent past its hello time.
        client.send(HELLO, [], values.void).then(
          () => resolve(client),
          (error: Error) => {
            socket.terminate();
            reject(new GcsConnectionError(`cannot connect to the GCS at ${url}: ${error.message}`));
          },
        );
      });
    });
  }

  putNode(node: NodeInfo): Promise<void> {
    return this.request("putNode", node);
  }
  getNode(nodeId: string): Promise<NodeInfo | undefined> {
    return this.request("getNode", nodeId);
  }
  listNodes(): Promise<readonly NodeInfo[]> {
    return this.request("listNodes");
  }
  removeNode(nodeId: string): Promise<void> {
    return this.request("removeNode", nodeId);
  }
  putJob(job: JobInfo): Promise<void> {
    return this.request("putJob", job);
  }
  getJob(jobId: string): Promise<JobInfo | undefined> {
    return this.request("getJob", jobId);
  }
  listJobs(): Promise<readonly JobInfo[]> {
    return this.request("listJobs");
  }
  putActor(actor: ActorInfo): Promise<void> {
    return this.request("putActor", actor);
  }
  getActor(actorId: string): Promise<ActorInfo | undefined> {
    return this.request("getActor", actorId);
  }
  listActors(): Promise<readonly ActorInfo[]> {
    return this.request("listActors");
  }
  removeActor(actorId: string): Promise<void> {
    return this.request("removeActor", actorId);
  }
  putTask(task: TaskInfo): Promise<void> {
    return this.request("putTask", task);
  }
  getTask(taskId: string): Promise<TaskInfo | undefined> {
    return this.request("getTask", taskId);
  }
  listTasks(): Promise<readonly TaskInfo[]> {
    return this.request("listTasks");
  }
  putObject(object: ObjectInfo): Promise<void> {
    return this.request("putObject", object);
  }
  getObject(objectId: string): Promise<ObjectInfo | undefined> {
    return this.request("getObject", objectId);
  }
  listObjects(): Promise<readonly ObjectInfo[]> {
    return this.request("listObjects");
  }
  removeObject(objectId: string): Promise<void> {
    return this.request("removeObject", objectId);
  }
  claimName(namespace: string, name: string, actorId: string): Promise<NameClaim> {
    return this.request("claimName", namespace, name, actorId);
  }
  lookupName(namespace: string, name: string): Promise<string | undefined> {
    return this.request("lookupName", namespace, name);
  }
  releaseName(namespace: string, name: string, actorId: string): Promise<boolean> {
    return this.request("releaseName", namespace, name, actorId);
  }
  listNames(namespace: string): Promise<readonly NamedActor[]> {
    return this.request("listNames", namespace);
  }
  putSupervisor(supervisor: SupervisorInfo): Promise<void> {
    return this.request("putSupervisor", supervisor);
  }
  getSupervisor(supervisorId: string): Promise<SupervisorInfo | undefined> {
    return this.request("getSupervisor", supervisorId);
  }
  listSupervisors(): Promise<readonly SupervisorInfo[]> {
    return this.request("listSupervisors");
  }
  appendEvent(event: LifecycleEvent): Promise<void> {
    return this.request("appendEvent", event);
  }
  listEvents(query: EventQuery): Promise<readonly LifecycleEvent[]> {
    return this.request("listEvents", query);
  }
  appendSpans(spans: readonly CallSpan[]): Promise<void> {
    return this.request("appendSpans", spans);
  }
  listSpans(query: SpanQuery): Promise<readonly CallSpan[]> {
    return this.request("listSpans", query);
  }
  appendCall(actorId: string, entry: CallLogEntry): Promise<void> {
    return this.request("appendCall", actorId, entry);
  }
  appendCalls(actorId: string, entries: readonly CallLogEntry[]): Promise<void> {
    return this.request("appendCalls", actorId, entries);
  }
  readCalls(actorId: string, fromSeq: number, limit: number): Promise<readonly LoggedCall[]> {
    return this.request("readCalls", actorId, fromSeq, limit);
  }
  lastSeq(actorId: string): Promise<number> {
    return this.request("lastSeq", actorId);
  }
  compactCalls(actorId: string, throughSeq: number): Promise<number> {
    return this.request("compactCalls", actorId, throughSeq);
  }
  writeSnapshot(actorId: string, snapshot: Snapshot): Promise<void> {
    return this.request("writeSnapshot", actorId, snapshot);
  }
  latestSnapshot(actorId: string): Promise<Snapshot | undefined> {
    return this.request("latestSnapshot", actorId);
  }

  async subscribe<T extends GcsTopic>(
    topic: T,
    listener: (change: GcsTopics[T]) => void,
  ): Promise<Subscription> {
    let set = this.listeners.get(topic);
    if (set === undefined) {
      this.listeners.set(topic, (set = new Set()));
      try {
        await this.send(SUBSCRIBE, [values.string.encode(topic)], values.void);
      } catch (error) {
        this.listeners.delete(topic);
        throw error;
      }
    }
    const entry = listener as Listener;
    set.add(entry);
    return {
      close: async () => {
        if (!set.delete(entry) || set.size > 0 || this.listeners.get(topic) !== set) return;
        this.listeners.delete(topic);
        if (this.closedBy === undefined) {
          await this.send(UNSUBSCRIBE, [values.string.encode(topic)], values.void);
        }
      },
    };
  }

  /** Closes the connection; requests still pending reject with `GcsConnectionError`. */
  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.close(1000, "client closed");
    });
  }

  private request<K extends MethodName>(
    method: K,
    ...args: Parameters<GcsOperations[K]>
  ): Promise<Awaited<ReturnType<GcsOperations[K]>>> {
    const spec = methods[method];
    let encoded: Uint8Array[];
    try {
      encoded = spec.args.map((codec, i) => (codec as Codec<unknown>).encode(args[i]));
    } catch (error) {
      return rejection(error);
    }
    return this.send(method, encoded, spec.result);
  }

  private send<R>(method: string, args: Uint8Array[], result: Codec<R>): Promise<R> {
    if (this.closedBy !== undefined) return Promise.reject(this.closedBy);
    const id = this.nextId;
    this.nextId = this.nextId >= 0xffff_ffff ? 1 : this.nextId + 1;
    const frame = frames.encodeRequest({ id, method, args });
    if (frame.length > this.maxPayload) {
      return Promise.reject(
        new GcsProtocolError(
          "GCS_PAYLOAD_TOO_LARGE",
          `request '${method}' is ${frame.length} bytes, over maxPayload (${this.maxPayload}): send less per request`,
        ),
      );
    }
    return new Promise<R>((resolve, reject) => {
      const pending: Pending = {
        method,
        result,
        resolve: resolve as (v: unknown) => void,
        reject,
        deadline: performance.now() + this.timeoutMs,
      };
      this.pending.set(id, pending);
      this.socket.send(frame);
    });
  }

  private receive(data: Buffer): void {
    let frame: ResponseFrame;
    try {
      frame = frames.decodeResponse(data);
    } catch {
      this.socket.close(1007, "malformed response frame");
      return;
    }
    if ("push" in frame) {
      const { topic, payload } = frame.push;
      if (!isTopic(topic)) return;
      const change = (topics[topic] as Codec<never>).decode(payload, `${topic} push`);
      for (const listener of this.listeners.get(topic) ?? []) listener(change);
      return;
    }
    const pending = this.pending.get(frame.id);
    if (pending === undefined) return; // timed out already
    this.pending.delete(frame.id);
    if ("error" in frame) pending.reject(remoteError(frame.error));
    else {
      try {
        pending.resolve(pending.result.decode(frame.result, `result of '${pending.method}'`));
      } catch (error) {
        pending.reject(error as Error);
      }
    }
  }

  private closed(code: number, reason: string): void {
    const why =
      code === 1009
        ? "a frame exceeded the server's maxPayload"
        : `code ${code}${reason === "" ? "" : `: ${reason}`}`;
    this.closedBy = new GcsConnectionError(
      `the connection to the GCS at ${this.url} closed (${why})`,
    );
    clearInterval(this.sweeper);
    for (const pending of this.pending.values()) pending.reject(this.closedBy);
    this.pending.clear();
  }

  /** Rejects the requests past their deadline (within a quarter of timeoutMs). */
  private expire(): void {
    const now = performance.now();
    for (const [id, pending] of this.pending) {
      if (pending.deadline > now) return;
      this.pending.delete(id);
      pending.reject(new GcsTimeoutError(pending.method, this.timeoutMs));
    }
  }
}

function remoteError(info: ErrorInfo): RayxError {
  if (info.name === "GcsProtocolError") {
    return new GcsProtocolError(info.code as GcsProtocolError["code"], info.message);
  }
  return new GcsRemoteError(info.code, info.name, info.message, info.stack);
}
