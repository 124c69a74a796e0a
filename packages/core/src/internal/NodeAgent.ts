/**
 * A node joined to a head (`startNode({ address })`): no scheduler of its own, only
 * an agent that owns this node's session dir, object store (served to other nodes by
 * an `ObjectTransferServer`) and `WorkerPool`, and relays frames between the head and
 * its workers over one ws connection (`nodeLink.ts`). The head decides what runs
 * here. When the head goes away (its socket closes, or no ping for five seconds) the
 * agent's workers stop and it joins the head again as it comes back (a head restarted
 * on its storage dir); it stops when the head stays away past the reconnect deadline,
 * or on `stop()`. If the agent is killed, its workers exit by themselves.
 */
import { mkdirSync, existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { availableParallelism, hostname } from "node:os";
import { join } from "node:path";
import { pullObject, startObjectTransferServer } from "@rayx/objectstore";
import type { ObjectStore, ObjectTransferServer } from "@rayx/objectstore";
import WebSocket from "ws";
import { InvalidArgumentError, NodeJoinError } from "../errors.js";
import type { JoinNodeOptions } from "../node.js";
import {
  FrameBatcher,
  NODE_DEAD_MS_ENV,
  NODE_PROTOCOL,
  decodeFrameBatch,
  msFromEnv,
  parseControl,
} from "./nodeLink.js";
import type { AgentMessage, HeadMessage, LinkWorker } from "./nodeLink.js";
import { openNodeObjectStore } from "./openNodeStores.js";
import { advertisedHost } from "./advertisedHost.js";
import { thisNodeId } from "./thisNodeId.js";
import { NODE_HOLDER } from "./storeHolders.js";
import { rejoinHead } from "./nodes/rejoinHead.js";
import { WorkerPool } from "./WorkerPool.js";
import {
  GCS_ADDRESS_ENV,
  GCS_DIR_ENV,
  GCS_TOKEN_ENV,
  NAMESPACE_ENV,
  NODE_ID_ENV,
  SESSION_DIR_ENV,
} from "./workerEnv.js";

/** Set to `1` to make a joined node's workers reach the GCS over ws even on the head's host. */
export const GCS_OVER_WS_ENV = "RAYX_GCS_OVER_WS";

type Welcome = Extract<HeadMessage, { kind: "welcome" }>;

const swallow = (): void => undefined;

export class NodeAgent {
  readonly nodeId = thisNodeId();
  /** Resolves once the agent has stopped (after `stop()`, or when the head went away). */
  readonly stopped: Promise<void>;
  #resolveStopped!: () => void;
  #stopping: Promise<void> | undefined;
  #pool: WorkerPool | undefined;
  #transfer: ObjectTransferServer | undefined;
  #store: ObjectStore | undefined;
  #socket: WebSocket | undefined;
  #token: string | undefined;
  /** Aborts a rejoin in progress when the agent stops. */
  readonly #aborted = new AbortController();

  private constructor(
    readonly address: string,
    readonly sessionDir: string,
  ) {
    this.stopped = new Promise((resolve) => (this.#resolveStopped = resolve));
  }

  /**
   * Joins the head at `options.address`: connects, starts the store, the transfer
   * server and the workers, and says hello. Rejects with `NodeJoinError` naming the
   * address when the head cannot be reached or refuses the token.
   *
   * @example
   * const node = await NodeAgent.join({ address: "ws://127.0.0.1:6380", storageDir: "/var/rayx" });
   * await node.stopped; // until the head goes away
   */
  static async join(options: JoinNodeOptions): Promise<NodeAgent> {
    const numWorkers = options.numWorkers ?? availableParallelism();
    if (!Number.isInteger(numWorkers) || numWorkers < 1) {
      throw new InvalidArgumentError(
        `startNode: numWorkers must be a whole number ≥ 1, not ${numWorkers}`,
      );
    }
    if (!/^wss?:\/\//.test(options.address)) {
      throw new InvalidArgumentError(
        `startNode: address must be the head's ws://host:port, not '${options.address}'`,
      );
    }
    await mkdir(options.storageDir, { recursive: true, mode: 0o700 });
    const sessionDir = join(
      options.storageDir,
      `session-${Date.now().toString(36)}-${process.pid}`,
    );
    mkdirSync(sessionDir, { mode: 0o700 });
    const agent = new NodeAgent(options.address, sessionDir);
    try {
      await agent.#start(options, numWorkers);
    } catch (error) {
      await agent.stop();
      throw error;
    }
    return agent;
  }

  async #start(options: JoinNodeOptions, numWorkers: number): Promise<void> {
    this.#token = options.token;
    const { socket, welcome } = await connect(options);
    this.#socket = socket;
    this.#store = openNodeObjectStore(this.sessionDir, options.objectStoreMemory);
    this.#transfer = await startObjectTransferServer({
      store: this.#store,
      ...(options.host === undefined
        ? {}
        : { host: options.host, advertisedHost: advertisedHost(options.host) }),
      ...(options.token === undefined ? {} : { token: options.token }),
    });
    await this.#link(options, numWorkers, socket, welcome);
  }

  /**
   * Serves the head on `socket` with a fresh pool of workers. When the link drops, the
   * workers go (what they ran was the old head's) and the agent joins the head again
   * (`rejoinHead`); it stops only once the head stays away past the reconnect deadline.
   */
  async #link(
    options: JoinNodeOptions,
    numWorkers: number,
    socket: WebSocket,
    welcome: Welcome,
  ): Promise<void> {
    this.#socket = socket;
    const store = this.#store as ObjectStore;
    const sameHost =
      welcome.hostname === hostname() &&
      existsSync(welcome.gcsDir) &&
      process.env[GCS_OVER_WS_ENV] !== "1";
    const gcsEnv: Record<string, string> = sameHost
      ? { [GCS_DIR_ENV]: welcome.gcsDir }
      : {
          [GCS_ADDRESS_ENV]: options.address,
          ...(options.token === undefined ? {} : { [GCS_TOKEN_ENV]: options.token }),
        };
    const pool = (this.#pool = await WorkerPool.start({
      size: numWorkers,
      sessionDir: this.sessionDir,
      env: {
        [NODE_ID_ENV]: this.nodeId,
        [SESSION_DIR_ENV]: this.sessionDir,
        [NAMESPACE_ENV]: welcome.namespace,
        ...gcsEnv,
      },
      logDir: join(this.sessionDir, "logs"),
    }));
    if (this.#stopping !== undefined || socket.readyState !== WebSocket.OPEN)
      throw new NodeJoinError(`the head at ${this.address} went away`);
    const batcher = new FrameBatcher((bytes) => socket.send(bytes));
    pool.onFrame((workerId, frame) => {
      if (frame.kind === "result" && frame.value.kind === "objectRef") {
        const objectId = frame.value.objectId;
        this.#tell({
          kind: "stored",
          objectId,
          size: store.contains(objectId) ? store.size(objectId) : 0,
        });
      }
      batcher.push(workerId, frame);
    });
    pool.onExit((exit) => this.#tell({ kind: "exit", exit }));
    socket.on("message", (data, isBinary) => this.#receive(data as Buffer, isBinary));
    this.#watchHead(socket);
    // No await from the check above to here: a close cannot slip past the handler below.
    this.#tell({
      kind: "hello",
      nodeId: this.nodeId,
      hostname: hostname(),
      pid: process.pid,
      sessionDir: this.sessionDir,
      resources: { cpu: numWorkers, ...options.resources },
      transferAddress: (this.#transfer as ObjectTransferServer).address,
      workers: pool.workers().map(({ workerId, pid }) => ({ workerId, pid })),
    });
    socket.once("close", (code) => {
      // 1001: the head said it is stopping (a graceful stop ends the cluster); else it crashed.
      if (code === 1001) return void this.stop();
      void rejoinHead({
        stopping: () => this.#stopping !== undefined,
        signal: this.#aborted.signal,
        leave: () => this.#pool?.shutdown(),
        connect: () => connect(options),
        link: (next) => this.#link(options, numWorkers, next.socket, next.welcome),
        giveUp: () => this.stop(),
      });
    });
  }

  /** Process ids of this node's ready workers. */
  workerPids(): number[] {
    return (this.#pool?.workers() ?? []).filter((w) => w.state === "ready").map((w) => w.pid);
  }

  #tell(message: AgentMessage): void {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(message));
  }

  #receive(data: Buffer, isBinary: boolean): void {
    const pool = this.#pool;
    if (pool === undefined) return;
    try {
      if (isBinary) {
        for (const [workerId, frame] of decodeFrameBatch(data, "head")) {
          try {
            pool.send(workerId, frame);
          } catch {
            // The worker died: the head hears of it by its exit message.
          }
        }
        return;
      }
      const message = parseControl<HeadMessage>(data.toString(), "head");
      if (message.kind === "shutdown") void this.stop();
      else if (message.kind === "release") this.#release(message.objectIds);
      else if (message.kind !== "welcome") void this.#serve(pool, message);
    } catch {
      this.#socket?.terminate();
    }
  }

  /** Runs one request of the head and replies with its outcome. */
  async #serve(
    pool: WorkerPool,
    message: Exclude<HeadMessage, { kind: "welcome" | "shutdown" | "release" }>,
  ): Promise<void> {
    let worker: LinkWorker | undefined;
    try {
      switch (message.kind) {
        case "add":
          worker = await pool.add();
          break;
        case "replace":
          worker = await pool.replace(message.workerId);
          break;
        case "retire":
          await pool.retire(message.workerId);
          break;
        case "pull": {
          const self = { nodeId: this.nodeId, address: this.#transfer?.address ?? "" };
          await pullObject(message.objectId, {
            store: this.#store as ObjectStore,
            self,
            ...(this.#token === undefined ? {} : { token: this.#token }),
            holder: NODE_HOLDER,
            directory: {
              locations: () => Promise.resolve(message.sources),
              addLocation: () => Promise.resolve(),
            },
          });
          break;
        }
      }
      const reply =
        worker === undefined ? {} : { worker: { workerId: worker.workerId, pid: worker.pid } };
      this.#tell({ kind: "reply", no: message.no, ...reply });
    } catch (error) {
      this.#tell({ kind: "reply", no: message.no, error: (error as Error).message });
    }
  }

  /** Drops the node's hold on objects the head no longer needs (a worker's result, a pulled copy). */
  #release(objectIds: readonly string[]): void {
    for (const id of objectIds) this.#store?.release(id, NODE_HOLDER).catch(swallow);
  }

  /**
   * The head pings every second; five seconds without a ping means it is gone
   * (counted in checks without a ping, so a busy event loop is not taken for silence).
   */
  #watchHead(socket: WebSocket): void {
    const checks = 5;
    let pinged = true;
    let silent = 0;
    socket.on("ping", () => {
      pinged = true;
      silent = 0;
    });
    const timer = setInterval(
      () => {
        if (!pinged && ++silent >= checks) socket.terminate();
        pinged = false;
      },
      msFromEnv(NODE_DEAD_MS_ENV, 5_000) / checks,
    );
    socket.once("close", () => clearInterval(timer));
  }

  /** Stops the workers, the transfer server and the store, and leaves the head. Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#aborted.abort();
      this.#socket?.close();
      await this.#pool?.shutdown().catch(swallow);
      await this.#transfer?.close().catch(swallow);
      await this.#store?.destroy().catch(swallow);
      if (this.#store === undefined) await rm(this.sessionDir, { recursive: true, force: true });
      this.#resolveStopped();
    })();
    return this.#stopping;
  }
}

/** Opens the link to the head and waits for its welcome. */
function connect(options: JoinNodeOptions): Promise<{ socket: WebSocket; welcome: Welcome }> {
  const { address, token } = options;
  const socket = new WebSocket(address, NODE_PROTOCOL, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    perMessageDeflate: false,
    handshakeTimeout: 30_000,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail("it sent no welcome within 30 s"), 30_000);
    const fail = (why: string) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on("error", swallow);
      socket.terminate();
      reject(new NodeJoinError(`cannot join the head at ${address}: ${why}`));
    };
    socket.once("unexpected-response", (_request, response) =>
      fail(
        response.statusCode === 401
          ? "it refused the token (pass the cluster's token)"
          : `it answered HTTP ${response.statusCode} (is it a rayx head?)`,
      ),
    );
    socket.once("error", (error) => fail(`${error.message} (is the head running?)`));
    socket.once("close", () => fail("it closed the connection before its welcome"));
    socket.once("message", (data, isBinary) => {
      let welcome: HeadMessage | undefined;
      try {
        welcome = isBinary
          ? undefined
          : parseControl<HeadMessage>((data as Buffer).toString(), "head");
      } catch {
        welcome = undefined;
      }
      if (welcome?.kind !== "welcome") return fail("its first message is not a welcome");
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on("error", swallow);
      resolve({ socket, welcome });
    });
  });
}
