/**
 * `init()` and `shutdown()`: the lifetime of the runtime in the driver. With no
 * `address`, `init()` starts an embedded local cluster — a session dir, the GCS and
 * object-store envs under it, a pool of worker processes and the node manager — and
 * `shutdown()` (or the driver's exit) takes all of it down again.
 */
import { mkdirSync, rmSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidArgumentError, RuntimeStateError } from "./errors.js";
import { setClusterClient } from "./internal/clusterClient.js";
import { NodeManager } from "./internal/NodeManager.js";
import { openNodeStores } from "./internal/openNodeStores.js";
import { setRefTracker } from "./internal/refTracker.js";
import { sweepStaleSessions } from "./internal/sweepStaleSessions.js";
import { WorkerPool } from "./internal/WorkerPool.js";
import { NAMESPACE_ENV, SESSION_DIR_ENV } from "./internal/workerEnv.js";
import { isDriver } from "./isDriver.js";

export interface InitOptions {
  /** A cluster to join (`ws://host:port`); defaults to none: start an embedded local cluster. Not supported yet. */
  readonly address?: string;
  /** Worker processes; defaults to the number of cores (`os.availableParallelism()`). */
  readonly numWorkers?: number;
  /** Resources of this node on top of `cpu` (defaults to `numWorkers`); defaults to `{}`. */
  readonly resources?: Readonly<Record<string, number>>;
  /**
   * Where the session dir goes; defaults to `<os tmpdir>/rayx`. A session dir made under
   * the default is removed at shutdown; one under a given `storageDir` is kept.
   */
  readonly storageDir?: string;
  /** Bytes of objects kept in memory before spilling; defaults to the object store's default (30 % of RAM). */
  readonly objectStoreMemory?: number;
  /** Namespace of named actors; defaults to `"default"`. */
  readonly namespace?: string;
}

/** The running runtime, as `init()` returns it. */
export interface Runtime {
  readonly namespace: string;
  readonly sessionDir: string;
  readonly nodeId: string;
  readonly jobId: string;
  /** Worker process ids, for tools and fault tests. */
  workerPids(): number[];
  shutdown(): Promise<void>;
}

let running: { readonly key: string; readonly runtime: Promise<Runtime> } | undefined;

/**
 * Starts the runtime (once per driver; a second call with the same options returns the
 * same runtime, with other options it throws `RuntimeStateError`).
 *
 * @example
 * const runtime = await init({ numWorkers: 2 });
 * console.log(await square.remote(4)); // 16
 * await shutdown();
 */
export function init(options: InitOptions = {}): Promise<Runtime> {
  const key = JSON.stringify(options);
  if (running !== undefined) {
    if (running.key === key) return running.runtime;
    return Promise.reject(
      new RuntimeStateError(
        `init() was already called with other options (${running.key}, now ${key}): ` +
          `call shutdown() first, or call init() with the same options`,
      ),
    );
  }
  if (!isDriver()) {
    return Promise.reject(
      new RuntimeStateError("init() runs in the driver only: guard it with isDriver() or main()"),
    );
  }
  const runtime = start(options);
  running = { key, runtime };
  runtime.catch(() => {
    if (running?.runtime === runtime) running = undefined;
  });
  return runtime;
}

/** Stops the runtime: actors, workers, sockets, and the session dir unless `storageDir` was given. */
export async function shutdown(): Promise<void> {
  const current = running;
  if (current === undefined) return;
  const runtime = await current.runtime.catch(() => undefined);
  await runtime?.shutdown();
  if (running === current) running = undefined;
}

async function start(options: InitOptions): Promise<Runtime> {
  if (options.address !== undefined) {
    throw new InvalidArgumentError(
      `connecting to a cluster at ${options.address} is not supported yet: ` +
        `call init() without an address to start an embedded local cluster`,
    );
  }
  const numWorkers = options.numWorkers ?? availableParallelism();
  if (!Number.isInteger(numWorkers) || numWorkers < 1) {
    throw new InvalidArgumentError(
      `init: numWorkers must be a whole number ≥ 1, not ${numWorkers}`,
    );
  }
  const defaultRoot = join(tmpdir(), "rayx");
  const base = options.storageDir ?? defaultRoot;
  await mkdir(base, { recursive: true, mode: 0o700 });
  sweepStaleSessions(defaultRoot);
  const sessionDir = join(base, `session-${Date.now().toString(36)}-${process.pid}`);
  mkdirSync(sessionDir, { mode: 0o700 });
  const ownsSessionDir = options.storageDir === undefined;
  const namespace = options.namespace ?? "default";
  const { gcs, store } = openNodeStores(sessionDir, options.objectStoreMemory);
  // On exit without shutdown(): the object store is a cache of this session only.
  const cleanUp = () => {
    rmSync(store.dir, { recursive: true, force: true });
    if (ownsSessionDir) rmSync(sessionDir, { recursive: true, force: true });
  };
  process.once("exit", cleanUp);
  let pool: WorkerPool | undefined;
  try {
    pool = await WorkerPool.start({
      size: numWorkers,
      sessionDir,
      env: { [SESSION_DIR_ENV]: sessionDir, [NAMESPACE_ENV]: namespace },
    });
    const manager = await NodeManager.start({
      pool,
      gcs,
      store,
      sessionDir,
      ownsSessionDir,
      namespace,
      resources: { cpu: numWorkers, ...options.resources },
    });
    setClusterClient(manager);
    setRefTracker(manager);
    const workerPool = pool;
    return {
      namespace,
      sessionDir,
      nodeId: manager.nodeId,
      jobId: manager.jobId,
      workerPids: () =>
        workerPool
          .workers()
          .filter((w) => w.state === "ready")
          .map((w) => w.pid),
      shutdown: async () => {
        setClusterClient(undefined);
        setRefTracker(undefined);
        await manager.shutdown();
        process.off("exit", cleanUp);
      },
    };
  } catch (error) {
    await pool?.shutdown();
    await store.destroy().catch(() => undefined);
    await gcs.close().catch(() => undefined);
    cleanUp();
    throw error;
  }
}
