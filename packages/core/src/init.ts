/**
 * `init()` and `shutdown()`: the lifetime of the runtime in the driver. With an
 * `address` (or `RAYX_ADDRESS`) it joins that head node as a driver (its own job);
 * with none it joins the head `rayx start --head` runs on this host from the same
 * storage dir (`storageDir` / `RAYX_STORAGE` / `<tmpdir>/rayx`), as Ray's `init()`
 * does, and else — or with `address: "local"` — starts an embedded local cluster: a
 * session dir, the GCS and object-store envs under it, a pool of worker processes and
 * the node manager, which `shutdown()` (or the driver's exit) takes down again.
 */
import { RuntimeStateError } from "./errors.js";
import { setClusterClient } from "./internal/clusterClient.js";
import { setTraceSink } from "./internal/tracing/CallTracer.js";
import { ADDRESS_ENV, connectDriver } from "./internal/connectDriver.js";
import { localHead, storageDirOf, storedToken } from "./internal/localHead.js";
import { setRefTracker } from "./internal/refTracker.js";
import { serveDashboard } from "./internal/serveDashboard.js";
import { startNodeRuntime } from "./internal/startNodeRuntime.js";
import { isDriver } from "./isDriver.js";

export interface InitOptions {
  /**
   * A head node to join as a driver (`ws://host:port`, what `rayx start --head` printed),
   * or `"local"` for an embedded cluster whatever runs on this host; defaults to
   * `RAYX_ADDRESS`, then to the head `rayx start --head` runs on this host from the
   * storage dir (`storageDir`, else `RAYX_STORAGE`, else `<tmpdir>/rayx`; a line on
   * stderr says so), and without one to an embedded local cluster.
   * The options below that shape a node (`numWorkers`, `resources`, `storageDir`,
   * `objectStoreMemory`) are the head's business then and are ignored.
   */
  readonly address?: string;
  /**
   * The cluster's shared token, sent when joining `address`; defaults to `RAYX_TOKEN`,
   * else (for this host's head) the token `rayx start` kept in its storage dir, else none.
   */
  readonly token?: string;
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
  /**
   * Serve the web dashboard of the embedded cluster on loopback (`true`: any free
   * port; `{ port }`: that one) and print its URL; defaults to `false`. A driver that
   * joins a head ignores it: the head serves the cluster's dashboard.
   */
  readonly dashboard?: boolean | { readonly port?: number };
}

/** The running runtime, as `init()` returns it. */
export interface Runtime {
  readonly namespace: string;
  readonly sessionDir: string;
  readonly nodeId: string;
  readonly jobId: string;
  /** The dashboard's `http://127.0.0.1:port/`, when `init({ dashboard })` asked for one. */
  readonly dashboardUrl?: string;
  /** Worker process ids, for tools and fault tests (empty in a driver joined to a head). */
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
  const address = options.address ?? process.env[ADDRESS_ENV];
  if (address === LOCAL) return startEmbedded(options);
  if (address !== undefined && address !== "") return connectDriver(address, options);
  const storage = storageDirOf(options.storageDir);
  const head = localHead(storage);
  if (head === undefined) return startEmbedded(options);
  // As Ray's `ray.init()` says "Connecting to existing Ray cluster at address: …".
  console.error(
    `rayx: connecting to the head running on this host at ${head.address} (recorded in ` +
      `${storage}; init({ address: "local" }) starts an embedded cluster instead)`,
  );
  const token = options.token ?? storedToken(storage);
  return connectDriver(head.address, token === undefined ? options : { ...options, token });
}

/** `address: "local"`: an embedded cluster even when a head runs on this host. */
const LOCAL = "local";

async function startEmbedded(options: InitOptions): Promise<Runtime> {
  const node = await startNodeRuntime({ ...options, caller: "init" });
  const manager = node.manager;
  const wanted = options.dashboard ?? false;
  const dashboard =
    wanted === false
      ? undefined
      : await serveDashboard("init", node, wanted === true ? {} : wanted).catch(
          async (error: unknown) => {
            await node.stop();
            throw error;
          },
        );
  if (dashboard !== undefined) console.log(`rayx dashboard: ${dashboard.url}`);
  setClusterClient(manager);
  setRefTracker(manager);
  void setTraceSink({ gcs: node.gcs, nodeId: manager.nodeId, jobId: manager.jobId });
  return {
    namespace: node.namespace,
    sessionDir: node.sessionDir,
    nodeId: manager.nodeId,
    jobId: manager.jobId,
    ...(dashboard === undefined ? {} : { dashboardUrl: dashboard.url }),
    workerPids: () => node.workerPids(),
    shutdown: async () => {
      await dashboard?.close();
      setClusterClient(undefined);
      setRefTracker(undefined);
      await setTraceSink(undefined);
      await node.stop();
    },
  };
}
