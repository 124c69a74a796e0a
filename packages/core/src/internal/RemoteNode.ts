/**
 * The head's side of one joined node: its agent's ws connection (`nodeLink.ts`),
 * seen by the node manager as one more source of workers. Its workers' ids get the
 * node's tag (`n2-w1`) so they are unique across the cluster. The head pings the
 * agent every second; a socket that closes, or no pong for five seconds, is the
 * node's death: it is recorded "dead" in the GCS and every one of its workers exits
 * at once (in one turn), so the manager rebuilds their actors and retries their tasks
 * on the nodes that are left. A node that comes back joins as a new node.
 */
import { closeWebSocket, WS_CLOSE, type Gcs, type NodeInfo } from "@rayx/gcs";
import type { WebSocket } from "ws";
import {
  ChannelClosedError,
  InvalidArgumentError,
  NodeJoinError,
  WorkerStartError,
} from "../errors.js";
import type { Frame } from "./Frame.js";
import {
  FrameBatcher,
  NODE_DEAD_MS_ENV,
  NODE_PING_MS_ENV,
  decodeFrameBatch,
  msFromEnv,
  parseControl,
} from "./nodeLink.js";
import type { AgentMessage, HeadMessage, LinkLocation, LinkWorker } from "./nodeLink.js";
import { validateAgentMessage } from "./nodes/validateAgentMessage.js";
import { validateNodeHello } from "./nodes/validateNodeHello.js";
import { WorkerEvents } from "./WorkerEvents.js";
import type { WorkerSource } from "./WorkerSource.js";
import type { WorkerInfo } from "./WorkerPool.js";

export interface RemoteNodeOptions {
  readonly gcs: Gcs;
  /** Prefix of this node's worker ids, unique among the manager's nodes (`n2`). */
  readonly tag: string;
  readonly welcome: Extract<HeadMessage, { kind: "welcome" }>;
  /** Called when a worker of node `nodeId` stored a result of `size` bytes in that node's store. */
  readonly stored: (nodeId: string, objectId: string, size: number) => void;
  /** What runs on node `nodeId` holds of its resources now (its record says so each heartbeat round). */
  readonly used: (nodeId: string) => Readonly<Record<string, number>>;
  /** How long the agent may take to start its workers and say hello, in ms; defaults to 120,000. */
  readonly helloTimeoutMs?: number;
}

type Hello = Extract<AgentMessage, { kind: "hello" }>;

interface Pending {
  readonly resolve: (worker: LinkWorker | undefined) => void;
  readonly reject: (error: Error) => void;
}

export class RemoteNode extends WorkerEvents implements WorkerSource {
  readonly nodeId: string;
  readonly hostname: string;
  readonly resources: Readonly<Record<string, number>>;
  /** The node's object transfer server. */
  readonly transferAddress: string;
  /** Resolves once the connection is gone (the node stopped or died). */
  readonly closed: Promise<void>;
  readonly #socket: WebSocket;
  readonly #gcs: Gcs;
  readonly #tag: string;
  readonly #stored: RemoteNodeOptions["stored"];
  readonly #used: RemoteNodeOptions["used"];
  readonly #info: NodeInfo;
  /** Live workers by head-side id. */
  readonly #workers = new Map<string, LinkWorker>();
  readonly #pending = new Map<number, Pending>();
  readonly #batcher: FrameBatcher;
  #nextRequest = 1;
  #stopping = false;
  #gone = false;

  /**
   * Welcomes the agent on `socket` and resolves once it has said hello with its
   * workers; rejects with `NodeJoinError` if it closes or stays silent first.
   */
  static accept(socket: WebSocket, options: RemoteNodeOptions): Promise<RemoteNode> {
    const timeoutMs = options.helloTimeoutMs ?? 120_000;
    return new Promise((resolve, reject) => {
      /** `code`: close with it and `why` as the reason; none: the socket is gone already. */
      const fail = (why: string, code?: number) => {
        clearTimeout(timer);
        if (code !== undefined) closeWebSocket(socket, code, why);
        reject(new NodeJoinError(`a joining node ${why}`));
      };
      const timer = setTimeout(
        () => fail(`did not say hello within ${timeoutMs} ms`, WS_CLOSE.policyViolation),
        timeoutMs,
      );
      socket.once("close", () => fail("closed its connection before saying hello"));
      socket.once("message", (data, isBinary) => {
        socket.removeAllListeners("close");
        clearTimeout(timer);
        try {
          if (isBinary) throw new InvalidArgumentError("its first message must be a text hello");
          const hello = validateNodeHello(
            parseControl<AgentMessage>((data as Buffer).toString(), "node"),
          );
          const node = new RemoteNode(socket, options, hello);
          void node.#record("alive").then(() => resolve(node));
        } catch (error) {
          // The reason names the field; a malformed frame's message is already the whole story.
          fail(`sent a bad hello: ${(error as Error).message}`, WS_CLOSE.protocolError);
        }
      });
      socket.send(JSON.stringify(options.welcome));
    });
  }

  private constructor(socket: WebSocket, options: RemoteNodeOptions, hello: Hello) {
    super();
    this.#socket = socket;
    this.#gcs = options.gcs;
    this.#tag = options.tag;
    this.#stored = options.stored;
    this.#used = options.used;
    this.nodeId = hello.nodeId;
    this.hostname = hello.hostname;
    this.resources = hello.resources;
    this.transferAddress = hello.transferAddress;
    for (const worker of hello.workers) this.#live(worker);
    this.#batcher = new FrameBatcher((bytes) => socket.send(bytes));
    const now = Date.now();
    this.#info = {
      nodeId: hello.nodeId,
      address: hello.transferAddress,
      hostname: hello.hostname,
      pid: hello.pid,
      resources: hello.resources,
      state: "alive",
      startedAt: now,
      lastHeartbeatAt: now,
    };
    socket.on("message", (data, isBinary) => this.#receive(data as Buffer, isBinary));
    this.closed = new Promise((resolve) => socket.once("close", () => resolve(this.#lost())));
    socket.on("error", () => socket.terminate());
    this.#heartbeat();
  }

  workers(): WorkerInfo[] {
    return [...this.#workers].map(([workerId, { pid }]) => ({ workerId, pid, state: "ready" }));
  }

  send(workerId: string, frame: Frame): void {
    if (this.#gone || !this.#workers.has(workerId)) {
      throw new ChannelClosedError(`worker ${workerId} of node ${this.nodeId}`);
    }
    this.#batcher.push(this.#local(workerId), frame);
  }

  async add(): Promise<WorkerInfo> {
    return this.#started(await this.#ask({ kind: "add", no: 0 }));
  }

  async retire(workerId: string): Promise<void> {
    this.#workers.delete(workerId);
    await this.#ask({ kind: "retire", no: 0, workerId: this.#local(workerId) });
  }

  async replace(workerId: string): Promise<WorkerInfo> {
    this.#workers.delete(workerId);
    return this.#started(
      await this.#ask({ kind: "replace", no: 0, workerId: this.#local(workerId) }),
    );
  }

  /** Makes the node's store hold `objectId`, pulled from the first of `sources` that has it. */
  async pull(objectId: string, sources: readonly LinkLocation[]): Promise<void> {
    await this.#ask({ kind: "pull", no: 0, objectId, sources });
  }

  /** Tells the agent the head no longer needs `objectIds` (no reply). */
  release(objectIds: readonly string[]): void {
    if (this.#gone) return;
    this.#socket.send(JSON.stringify({ kind: "release", objectIds } satisfies HeadMessage));
  }

  /** Asks the agent to stop its workers and itself; resolves once the connection is closed. */
  async shutdown(): Promise<void> {
    this.#stopping = true;
    if (!this.#gone) {
      this.#socket.send(JSON.stringify({ kind: "shutdown" } satisfies HeadMessage));
      const timer = setTimeout(() => this.#socket.terminate(), 10_000);
      await this.closed;
      clearTimeout(timer);
    }
  }

  #live(worker: LinkWorker): string {
    const workerId = `${this.#tag}-${worker.workerId}`;
    this.#workers.set(workerId, worker);
    return workerId;
  }

  #local(workerId: string): string {
    return workerId.slice(this.#tag.length + 1);
  }

  #started(worker: LinkWorker | undefined): WorkerInfo {
    if (worker === undefined) throw new WorkerStartError(`node ${this.nodeId} started no worker`);
    return { workerId: this.#live(worker), pid: worker.pid, state: "ready" };
  }

  #ask(message: HeadMessage & { no: number }): Promise<LinkWorker | undefined> {
    if (this.#gone) {
      return Promise.reject(new ChannelClosedError(`node ${this.nodeId} (it is gone)`));
    }
    const no = this.#nextRequest++;
    return new Promise((resolve, reject) => {
      this.#pending.set(no, { resolve, reject });
      this.#socket.send(JSON.stringify({ ...message, no }));
    });
  }

  #receive(data: Buffer, isBinary: boolean): void {
    try {
      if (isBinary) {
        for (const [localId, frame] of decodeFrameBatch(data, `node ${this.nodeId}`)) {
          const workerId = `${this.#tag}-${localId}`;
          this.emitFrame(workerId, frame);
        }
        return;
      }
      const message = validateAgentMessage(
        parseControl<AgentMessage>(String(data), `node ${this.nodeId}`),
      );
      if (message.kind === "stored") {
        this.#stored(this.nodeId, message.objectId, message.size);
      } else if (message.kind === "exit") {
        const workerId = `${this.#tag}-${message.exit.workerId}`;
        this.#workers.delete(workerId);
        this.emitExit({ ...message.exit, workerId });
      } else if (message.kind === "reply") {
        const pending = this.#pending.get(message.no);
        this.#pending.delete(message.no);
        if (message.error === undefined) pending?.resolve(message.worker);
        else pending?.reject(new WorkerStartError(`node ${this.nodeId}: ${message.error}`));
      }
    } catch (error) {
      // A field's error names it; a malformed frame's message is already the whole story.
      const why = error instanceof InvalidArgumentError ? `sent a bad message: ` : "";
      closeWebSocket(this.#socket, WS_CLOSE.protocolError, `${why}${(error as Error).message}`);
    }
  }

  /**
   * Pings every second; a node whose pings have gone unanswered for five seconds is
   * dead. Missed pings are counted, not wall time, so a head whose event loop was
   * busy for a while (pongs waiting unread) does not declare its nodes dead.
   */
  #heartbeat(): void {
    const pingMs = msFromEnv(NODE_PING_MS_ENV, 1_000);
    const allowed = Math.max(1, Math.round(msFromEnv(NODE_DEAD_MS_ENV, 5_000) / pingMs));
    let answered = true;
    let missed = 0;
    this.#socket.on("pong", () => {
      answered = true;
      missed = 0;
      void this.#record("alive");
    });
    const timer = setInterval(() => {
      if (!answered && ++missed >= allowed) {
        this.#socket.terminate();
        return;
      }
      answered = false;
      this.#socket.ping();
    }, pingMs);
    timer.unref();
    void this.closed.then(() => clearInterval(timer));
  }

  /** The connection is gone: every worker exits now, in one turn; the node is dead. */
  #lost(): void {
    this.#gone = true;
    const error = new ChannelClosedError(`node ${this.nodeId} (its connection closed)`);
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    const workers = [...this.#workers];
    this.#workers.clear();
    for (const [workerId, { pid }] of workers) {
      this.emitExit({ workerId, pid, code: null, signal: "SIGKILL", expected: this.#stopping });
    }
    void this.#record("dead");
  }

  #record(state: NodeInfo["state"]): Promise<void> {
    return this.#gcs
      .putNode({
        ...this.#info,
        state,
        lastHeartbeatAt: Date.now(),
        resourcesUsed: this.#used(this.nodeId),
      })
      .catch(() => undefined);
  }
}
