/**
 * `@rayx/core/node`: runs this process as a node of a cluster. The head node
 * (`startNode({ head: true })`) is the cluster's control plane — the same node
 * manager as an embedded `init()` (scheduler, workers, supervisors, GCS, object
 * store) behind one ws port that drivers (`init({ address })`), joined nodes and the
 * CLI connect to. `rayx start` runs it as a daemon.
 */
import { handleGcsUpgrades } from "@rayx/gcs";
export { isNodeDaemon, localHead, storageDirOf, storedToken } from "./internal/localHead.js";
export { running as isRunning } from "./internal/running.js";
export type { LocalHead } from "./internal/localHead.js";
import { InvalidArgumentError } from "./errors.js";
import type { Runtime } from "./init.js";
import { connectDriver } from "./internal/connectDriver.js";
import { DRIVER_PROTOCOL } from "./internal/driverProtocol.js";
import { HeadEndpoint } from "./internal/HeadEndpoint.js";
import { markHeadSession, unmarkHeadSession } from "./internal/head/headSession.js";
import { describeResume, resumeSession } from "./internal/head/resumeSession.js";
import { connectionLimits } from "./internal/limits/connectionLimits.js";
import { NodeAgent } from "./internal/NodeAgent.js";
import { NODE_PROTOCOL } from "./internal/nodeLink.js";
import { serveDashboard } from "./internal/serveDashboard.js";
import { serveDriver } from "./internal/serveDriver.js";
import { WS_CHUNK_BYTES } from "./internal/wsByteStream.js";
import { startNodeRuntime } from "./internal/startNodeRuntime.js";

/**
 * Joins the head at `address` to steer it, as `rayx kill` and `rayx restart` do:
 * `@rayx/core`'s calls (`inspect`, `kill`, …) then act on that cluster as a driver's
 * would, but no job is recorded for the session. The runtime's `shutdown()` leaves.
 */
export function connectTool(
  address: string,
  options: { readonly token?: string } = {},
): Promise<Runtime> {
  return connectDriver(address, options, false);
}

export interface HeadNodeOptions {
  readonly head: true;
  /** Where the session dir (GCS, spill files, logs) is made; it is kept when the node stops. */
  readonly storageDir: string;
  /** Interface to listen on; defaults to `"127.0.0.1"` (loopback only). Any other needs `token`. */
  readonly host?: string;
  /** Port; defaults to `0` (any free port; `rayx start --head` passes 6380). */
  readonly port?: number;
  /** Shared token every driver, node and CLI must send; defaults to none (loopback only). */
  readonly token?: string;
  /** Worker processes; defaults to `os.availableParallelism()`. */
  readonly numWorkers?: number;
  /** Resources of this node on top of `cpu` (= numWorkers); defaults to `{}`. */
  readonly resources?: Readonly<Record<string, number>>;
  /** Bytes of objects kept in memory before spilling; defaults to the object store's default. */
  readonly objectStoreMemory?: number;
  /**
   * The web dashboard, served on `host` at `port` (`0`: any free one) behind `token`;
   * defaults to none (`rayx start --head` serves it on 8265).
   */
  readonly dashboard?: { readonly port?: number };
}

export interface JoinNodeOptions {
  /** The head's address, `ws://host:port`. */
  readonly address: string;
  /** Where this node's session dir is made; kept when the node stops. */
  readonly storageDir: string;
  /** Interface this node's object transfer server listens on; defaults to `"127.0.0.1"`. */
  readonly host?: string;
  /** The cluster's token; defaults to none. */
  readonly token?: string;
  /** Worker processes; defaults to `os.availableParallelism()`. */
  readonly numWorkers?: number;
  /** Resources of this node on top of `cpu`; defaults to `{}`. */
  readonly resources?: Readonly<Record<string, number>>;
  /** Bytes of objects kept in memory before spilling; defaults to the object store's default. */
  readonly objectStoreMemory?: number;
}

/** A node running in this process. */
export interface RunningNode {
  readonly nodeId: string;
  /** Head: `ws://host:port`, what drivers, nodes and the CLI use. Joined node: the head's. */
  readonly address: string;
  readonly sessionDir: string;
  /** Head with a dashboard: its `http://host:port/` (without the token). */
  readonly dashboardUrl?: string;
  /** Resolves once the node has stopped (`stop()`, or the head gone for a joined node). */
  readonly stopped: Promise<void>;
  /** Stops gracefully: connections (drivers' jobs end), actors, workers, stores. Idempotent. */
  stop(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/;

/**
 * Starts a node in this process: a head with `{ head: true }`, else a node joining
 * the head at `address`.
 *
 * @example
 * const head = await startNode({ head: true, storageDir: "/var/lib/rayx", port: 6380 });
 * console.log(`drivers: init({ address: "${head.address}" })`);
 * process.once("SIGTERM", () => void head.stop());
 */
export function startNode(options: HeadNodeOptions | JoinNodeOptions): Promise<RunningNode> {
  if ("head" in options && options.head) return startHead(options);
  return NodeAgent.join(options as JoinNodeOptions);
}

async function startHead(options: HeadNodeOptions): Promise<RunningNode> {
  const host = options.host ?? "127.0.0.1";
  if (!LOOPBACK.test(host) && (options.token ?? "") === "") {
    throw new InvalidArgumentError(
      `startNode: a head listening on ${host} (beyond loopback) needs a token: ` +
        "pass { token } (rayx start --head generates one)",
    );
  }
  // Listen first: a taken port fails at once, before any worker starts.
  let endpoint: HeadEndpoint;
  const limits = connectionLimits();
  try {
    endpoint = await HeadEndpoint.listen({
      host,
      limits: limits.listener,
      ...(options.port === undefined ? {} : { port: options.port }),
      ...(options.token === undefined ? {} : { token: options.token }),
    });
  } catch (error) {
    throw new InvalidArgumentError(
      `startNode: cannot listen on ${host}:${options.port ?? 0}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const node = await startNodeRuntime({
    caller: "startNode",
    storageDir: options.storageDir,
    resume: true,
    ...(options.numWorkers === undefined ? {} : { numWorkers: options.numWorkers }),
    ...(options.resources === undefined ? {} : { resources: options.resources }),
    ...(options.objectStoreMemory === undefined
      ? {}
      : { objectStoreMemory: options.objectStoreMemory }),
  }).catch(async (error: unknown) => {
    await endpoint.close();
    throw error;
  });
  const { manager, gcs } = node;
  // Before any route: nobody reaches a detached actor that is not back yet.
  if (node.claimed !== undefined) {
    const report = await resumeSession(manager, gcs, node.claimed.previous).catch(
      async (error: unknown) => {
        await endpoint.close();
        await node.stop();
        throw error;
      },
    );
    console.error(describeResume(node.claimed, report));
  }
  const gcsService = handleGcsUpgrades({
    gcs,
    guard: endpoint.guard,
    ...(options.token === undefined ? {} : { token: options.token }),
  });
  endpoint.routeUpgrade(gcsService.protocol, (req, socket, head) =>
    gcsService.handleUpgrade(req, socket, head),
  );
  const drivers = new Set<Promise<void>>();
  // A driver's byte stream comes in ws messages of at most WS_CHUNK_BYTES.
  endpoint.route(
    DRIVER_PROTOCOL,
    (socket, req) => {
      const peer = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
      const admit = endpoint.guard.watch(socket, req, { hello: "driver hello" });
      const session = serveDriver(manager, socket, peer, {
        maxInlineBytes: limits.maxInlineBytes,
        stallTimeoutMs: limits.frameStallMs,
        admit,
      });
      drivers.add(session);
      void session.then(() => drivers.delete(session));
    },
    WS_CHUNK_BYTES,
  );
  const transfer = { host, ...(options.token === undefined ? {} : { token: options.token }) };
  endpoint.route(NODE_PROTOCOL, (socket, req) => {
    // A joining node starts its workers before its hello: it has longer to say it.
    const admit = endpoint.guard.watch(socket, req, {
      hello: "node hello",
      timeoutMs: limits.nodeHelloTimeoutMs,
    });
    socket.once("message", admit);
    void manager.acceptNode(socket, transfer).catch(() => undefined);
  });
  await manager.advertise(endpoint.address);
  markHeadSession(node.sessionDir, {
    nodeId: manager.nodeId,
    pid: process.pid,
    address: endpoint.address,
    startedAt: Date.now(),
  });
  const dashboard =
    options.dashboard === undefined
      ? undefined
      : await serveDashboard("startNode", node, {
          host,
          ...options.dashboard,
          ...(options.token === undefined ? {} : { token: options.token }),
        }).catch(async (error: unknown) => {
          await endpoint.close();
          await gcsService.close();
          await node.stop();
          throw error;
        });

  let stopping: Promise<void> | undefined;
  let stopped!: () => void;
  const done = new Promise<void>((resolve) => (stopped = resolve));
  return {
    nodeId: manager.nodeId,
    address: endpoint.address,
    sessionDir: node.sessionDir,
    ...(dashboard === undefined ? {} : { dashboardUrl: dashboard.url }),
    stopped: done,
    stop: () => {
      stopping ??= (async () => {
        // A graceful stop ends the cluster: the next head on this storage dir starts anew.
        unmarkHeadSession(node.sessionDir);
        await dashboard?.close();
        await endpoint.close();
        // The drivers' jobs end (their actors stop) before the workers go.
        await Promise.all(drivers);
        await gcsService.close();
        await node.stop();
        stopped();
      })();
      return stopping;
    },
  };
}
