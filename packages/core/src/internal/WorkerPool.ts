/**
 * The worker processes of one node: forks them (each inheriting the driver's
 * `execArgv`, so `--import tsx` and `--conditions` carry over and `.ts` user modules
 * load), waits for each to connect back over the `Transport` and say hello, knows each
 * one's pid and state, reports a death (exit code or signal) as an event, replaces a
 * dead worker on request, and shuts them all down (stop frame, then SIGKILL after a
 * grace period). Workers exit by themselves when the pool's process dies (workerMain).
 * Workers share the driver's stdout and stderr (or, with a `logDir`, write to files
 * there that are echoed to it); a running pool keeps the driver's
 * process alive until `shutdown()`. What runs on a worker — placement, actor cells,
 * retries — is the runtime's business.
 */
import { fork } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { ChannelClosedError, TransportPathError, WorkerStartError } from "../errors.js";
import { PROTOCOL_VERSION } from "./Frame.js";
import type { CallFrame, Frame, ResultValue } from "./Frame.js";
import type { FrameChannel } from "./FrameChannel.js";
import { DEFAULT_MAX_FRAME_BYTES } from "./FrameChannel.js";
import { frameCodec } from "./frameCodec.js";
import { RequestTable } from "./RequestTable.js";
import { Transport } from "./Transport.js";
import { WorkerEvents } from "./WorkerEvents.js";
import { MAX_FRAME_BYTES_ENV, TRANSPORT_PATH_ENV, WORKER_ID_ENV } from "./workerEnv.js";
import { captureWorkerOutput } from "./workerLogs.js";

/** Starts tried for one replacement before `replace` gives up. */
const REPLACE_ATTEMPTS = 5;

export interface WorkerPoolOptions {
  /** Number of workers; defaults to `os.availableParallelism()`. */
  readonly size?: number;
  /**
   * Directory of the transport socket, which must exist with mode 0700; defaults to a
   * fresh 0700 directory under the OS temp dir, removed by `shutdown()`.
   */
  readonly sessionDir?: string;
  /** Node flags of the workers; defaults to this process's `execArgv` (test-runner flags dropped). */
  readonly execArgv?: readonly string[];
  /** Extra environment variables of the workers (on top of this process's); defaults to none. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long a worker may take to say hello, in ms; defaults to 60,000. */
  readonly startTimeoutMs?: number;
  /** How long `shutdown()` waits for a worker to exit before SIGKILL, in ms; defaults to 2,000. */
  readonly stopGraceMs?: number;
  /** Largest frame either side accepts, in bytes; defaults to 16 MiB. */
  readonly maxFrameBytes?: number;
  /**
   * Directory (made if missing) where each worker's stdout and stderr are kept as
   * `worker-<pid>.out|err`, also echoed here prefixed with `(pid=N) `; defaults to none:
   * workers write to this process's stdout and stderr directly.
   */
  readonly logDir?: string;
}

export type WorkerState = "starting" | "ready" | "stopping" | "dead";

/** What the pool knows of one worker process. */
export interface WorkerInfo {
  readonly workerId: string;
  readonly pid: number;
  readonly state: WorkerState;
}

/** A worker process ended. `expected` is true when `shutdown()` asked it to. */
export interface WorkerExit {
  readonly workerId: string;
  readonly pid: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly expected: boolean;
}

/** A call without its request id, which the pool assigns. */
export type WorkerCall = Omit<CallFrame, "kind" | "requestId">;

interface Worker {
  readonly workerId: string;
  readonly process: ChildProcess;
  readonly pid: number;
  state: WorkerState;
  channel: FrameChannel<Frame> | undefined;
  readonly requests: RequestTable;
  readonly exited: Promise<WorkerExit>;
}

/** The transport socket may only sit in a directory no other user can enter. */
async function checkPrivate(dir: string): Promise<void> {
  let mode: number;
  try {
    mode = (await stat(dir)).mode & 0o777;
  } catch (error) {
    throw new TransportPathError(`the session dir ${dir} is not usable: ${String(error)}`);
  }
  if ((mode & 0o077) !== 0) {
    throw new TransportPathError(
      `the session dir ${dir} has mode ${mode.toString(8)}, open to other users: ` +
        `chmod 700 it (or leave sessionDir unset for a private temp dir)`,
    );
  }
}

const WORKER_ENTRY = new URL(
  import.meta.url.endsWith(".ts") ? "./workerMain.ts" : "./workerMain.js",
  import.meta.url,
);

/** Its `onFrame` listeners get every frame a worker sends that is not a reply to `call` (batches unpacked). */
export class WorkerPool extends WorkerEvents {
  readonly #workers = new Map<string, Worker>();
  readonly #helloWaiters = new Map<string, (channel: FrameChannel<Frame>) => void>();
  readonly #options: WorkerPoolOptions;
  readonly #ownsSessionDir: boolean;
  #transport!: Transport<Frame>;
  #nextWorker = 1;
  #shutdown: Promise<void> | undefined;

  private constructor(
    readonly sessionDir: string,
    ownsSessionDir: boolean,
    options: WorkerPoolOptions,
  ) {
    super();
    this.#ownsSessionDir = ownsSessionDir;
    this.#options = options;
  }

  /**
   * Starts the transport and `size` workers; resolves once every worker has said
   * hello. If one fails to start, the others are stopped and it rejects with
   * `WorkerStartError`.
   *
   * @example
   * const pool = await WorkerPool.start({ size: 2 });
   * pool.onExit((exit) => console.log(`${exit.workerId} died (${exit.signal ?? exit.code})`));
   * const reply = await pool.call(pool.workers()[0]!.workerId, {
   *   target: { kind: "function", function: { module: import.meta.url, exportName: "echo" } },
   *   method: "", args: valueCodec.encode(["hi"]), argRefs: [],
   * });
   * await pool.shutdown();
   */
  static async start(options: WorkerPoolOptions = {}): Promise<WorkerPool> {
    const size = options.size ?? availableParallelism();
    if (!Number.isInteger(size) || size < 1) {
      throw new WorkerStartError(`a worker pool needs a whole number of workers ≥ 1, not ${size}`);
    }
    const owns = options.sessionDir === undefined;
    const dir = options.sessionDir ?? (await mkdtemp(join(tmpdir(), "rayx-")));
    if (!owns) await checkPrivate(dir);
    const pool = new WorkerPool(dir, owns, options);
    try {
      if (options.logDir !== undefined)
        await mkdir(options.logDir, { recursive: true, mode: 0o700 });
      pool.#transport = await Transport.listen(
        join(dir, "node.sock"),
        frameCodec,
        (channel) => pool.#accept(channel),
        { peer: "worker", maxFrameBytes: pool.#maxFrameBytes },
      );
      await Promise.all(Array.from({ length: size }, () => pool.#startWorker()));
    } catch (error) {
      await pool.shutdown();
      throw error;
    }
    return pool;
  }

  /** Every worker the pool has, dead ones included until they are replaced. */
  workers(): WorkerInfo[] {
    return [...this.#workers.values()].map(({ workerId, pid, state }) => ({
      workerId,
      pid,
      state,
    }));
  }

  /** Sends `frame` to a worker; throws `ChannelClosedError` if it is not connected. */
  send(workerId: string, frame: Frame): void {
    const channel = this.#workers.get(workerId)?.channel;
    if (channel === undefined) throw new ChannelClosedError(`worker ${workerId}`);
    channel.send(frame);
  }

  /**
   * Runs a call on a worker and resolves with its result; rejects with the remote
   * error, or with `ChannelClosedError` if the worker dies first.
   */
  call(workerId: string, call: WorkerCall): Promise<ResultValue> {
    const worker = this.#workers.get(workerId);
    if (worker?.channel === undefined || worker.state !== "ready") {
      return Promise.reject(new ChannelClosedError(`worker ${workerId}`));
    }
    const { id, reply } = worker.requests.open();
    try {
      worker.channel.send({ kind: "call", requestId: id, ...call });
    } catch (error) {
      worker.requests.reject(id, error as Error);
    }
    return reply;
  }

  /** Starts one more worker (e.g. for an actor that wants a process of its own). */
  async add(): Promise<WorkerInfo> {
    const worker = await this.#startWorker();
    return { workerId: worker.workerId, pid: worker.pid, state: worker.state };
  }

  /** Stops worker `workerId` for good (SIGKILL) and forgets it; resolves once it has exited. */
  async retire(workerId: string): Promise<void> {
    const worker = this.#workers.get(workerId);
    if (worker === undefined) return;
    if (worker.state !== "dead") {
      worker.state = "stopping";
      worker.process.kill("SIGKILL");
      await worker.exited;
    }
    this.#workers.delete(workerId);
  }

  /**
   * Starts a new worker in place of `workerId` (killed first if still running) and
   * resolves with it once it has said hello. The new worker has a new id.
   */
  async replace(workerId: string): Promise<WorkerInfo> {
    const old = this.#workers.get(workerId);
    if (old === undefined) throw new WorkerStartError(`no worker '${workerId}' to replace`);
    if (old.state !== "dead") {
      old.state = "stopping";
      old.process.kill("SIGKILL");
      await old.exited;
    }
    this.#workers.delete(workerId);
    // A replacement killed while it starts is started again: the pool keeps its size.
    for (let attempt = 1; ; attempt++) {
      try {
        const worker = await this.#startWorker();
        return { workerId: worker.workerId, pid: worker.pid, state: worker.state };
      } catch (error) {
        if (this.#shutdown || attempt >= REPLACE_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Stops every worker (a stop frame, then SIGKILL after `stopGraceMs`), closes the
   * transport and removes its socket (and the session dir if the pool made it).
   * Idempotent; resolves once every worker process has exited.
   */
  shutdown(): Promise<void> {
    this.#shutdown ??= this.#stopAll();
    return this.#shutdown;
  }

  get #maxFrameBytes(): number {
    return this.#options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  }

  async #stopAll(): Promise<void> {
    const grace = this.#options.stopGraceMs ?? 2_000;
    await Promise.all(
      [...this.#workers.values()].map(async (worker) => {
        if (worker.state === "dead") return;
        worker.state = "stopping";
        if (worker.channel?.closed === false) {
          worker.channel.send({ kind: "stop", reason: "shutdown" });
        } else {
          worker.process.kill("SIGTERM");
        }
        const timer = setTimeout(() => worker.process.kill("SIGKILL"), grace);
        await worker.exited;
        clearTimeout(timer);
      }),
    );
    await this.#transport?.close();
    if (this.#ownsSessionDir) await rm(this.sessionDir, { recursive: true, force: true });
  }

  #startWorker(): Promise<Worker> {
    if (this.#shutdown) return Promise.reject(new WorkerStartError("the pool is shut down"));
    const workerId = `w${this.#nextWorker++}`;
    const logDir = this.#options.logDir;
    const output = logDir === undefined ? "inherit" : "pipe";
    const child = fork(WORKER_ENTRY, [], {
      execArgv: (this.#options.execArgv ?? process.execArgv).filter((f) => !f.startsWith("--test")),
      env: {
        ...process.env,
        ...this.#options.env,
        [WORKER_ID_ENV]: workerId,
        [TRANSPORT_PATH_ENV]: this.#transport.path,
        [MAX_FRAME_BYTES_ENV]: String(this.#maxFrameBytes),
      },
      // fd 4 (PARENT_PIPE_FD) is the parent-death pipe: never written, closed by the OS when we die.
      stdio: ["ignore", output, output, "ipc", "pipe"],
    });
    if (logDir !== undefined && child.pid !== undefined)
      captureWorkerOutput(child, child.pid, logDir);
    const exited = new Promise<WorkerExit>((resolve) => {
      child.once("exit", (code, signal) => {
        resolve({
          workerId,
          pid: child.pid ?? 0,
          code,
          signal,
          expected: worker.state === "stopping",
        });
      });
    });
    const worker: Worker = {
      workerId,
      process: child,
      pid: child.pid ?? 0,
      state: "starting",
      channel: undefined,
      requests: new RequestTable(),
      exited,
    };
    // A failed spawn or signal surfaces as a failed start (#awaitHello) or an exit;
    // left unhandled, a ChildProcess 'error' event would crash the driver.
    child.on("error", () => undefined);
    this.#workers.set(workerId, worker);
    void exited.then((exit) => this.#onExit(worker, exit));
    return this.#awaitHello(worker);
  }

  #awaitHello(worker: Worker): Promise<Worker> {
    const timeoutMs = this.#options.startTimeoutMs ?? 60_000;
    return new Promise<Worker>((resolve, reject) => {
      const fail = (reason: string) => {
        cleanup();
        worker.process.kill("SIGKILL");
        reject(new WorkerStartError(`worker ${worker.workerId} (pid ${worker.pid}) ${reason}`));
      };
      const timer = setTimeout(
        () => fail(`did not say hello within ${timeoutMs} ms (is --import tsx reaching it?)`),
        timeoutMs,
      );
      const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
        fail(`exited before saying hello (code ${code}, signal ${signal}); see its stderr above`);
      const onError = (error: Error) => fail(`could not be started: ${error.message}`);
      const cleanup = () => {
        clearTimeout(timer);
        worker.process.off("exit", onExit);
        worker.process.off("error", onError);
        this.#helloWaiters.delete(worker.workerId);
      };
      worker.process.once("exit", onExit);
      worker.process.once("error", onError);
      this.#helloWaiters.set(worker.workerId, (channel) => {
        cleanup();
        worker.channel = channel;
        worker.state = "ready";
        resolve(worker);
      });
    });
  }

  /** A new connection must open with the hello of a worker this pool is starting. */
  #accept(channel: FrameChannel<Frame>): void {
    let worker: Worker | undefined;
    channel.onFrame((frame) => {
      if (worker !== undefined) return this.#route(worker, frame);
      const waiter = frame.kind === "hello" ? this.#helloWaiters.get(frame.workerId) : undefined;
      if (frame.kind !== "hello" || waiter === undefined || frame.protocol !== PROTOCOL_VERSION) {
        channel.destroy(
          new WorkerStartError(
            `a connection opened with ${frame.kind === "hello" ? `hello of '${frame.workerId}' (protocol ${frame.protocol})` : `a '${frame.kind}' frame`}, ` +
              `not the hello of a starting worker speaking protocol ${PROTOCOL_VERSION}`,
          ),
        );
        return;
      }
      worker = this.#workers.get(frame.workerId);
      channel.onClose((error) =>
        worker?.requests.failAll(
          new ChannelClosedError(`worker ${frame.workerId}`, { cause: error }),
        ),
      );
      waiter(channel);
    });
  }

  #route(worker: Worker, frame: Frame): void {
    if (frame.kind === "batch") {
      for (const inner of frame.frames) this.#route(worker, inner);
      return;
    }
    if ((frame.kind === "result" || frame.kind === "failure") && worker.requests.settle(frame)) {
      return;
    }
    this.emitFrame(worker.workerId, frame);
  }

  #onExit(worker: Worker, exit: WorkerExit): void {
    worker.state = "dead";
    worker.channel?.destroy();
    worker.requests.failAll(new ChannelClosedError(`worker ${worker.workerId} (it exited)`));
    this.emitExit(exit);
  }
}
