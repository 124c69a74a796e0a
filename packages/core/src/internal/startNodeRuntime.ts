/**
 * Starts the runtime of one node, as the embedded cluster of `init()` and the head
 * node of `startNode({ head: true })` both need it: a session dir under the storage
 * dir, the GCS and object-store envs in it, a pool of worker processes and the node
 * manager over them. What faces the user (a driver's client, a ws endpoint) is the
 * caller's business.
 */
import { mkdirSync, rmSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import type { Gcs } from "@rayx/gcs";
import { InvalidArgumentError } from "../errors.js";
import type { InitOptions } from "../init.js";
import { claimHeadSession } from "./head/headSession.js";
import type { ClaimedSession } from "./head/headSession.js";
import { NodeManager } from "./NodeManager.js";
import { openNodeStores } from "./openNodeStores.js";
import { sweepStaleSessions } from "./sweepStaleSessions.js";
import { WorkerPool } from "./WorkerPool.js";
import { NAMESPACE_ENV, NODE_ID_ENV, SESSION_DIR_ENV } from "./workerEnv.js";
import { thisNodeId } from "./thisNodeId.js";

/** What a node is started with: the node-shaping options of `init()`, and who asks. */
export interface NodeRuntimeOptions extends Pick<
  InitOptions,
  "numWorkers" | "resources" | "storageDir" | "objectStoreMemory" | "namespace"
> {
  /** Names the caller in errors (`init`, `startNode`). */
  readonly caller: string;
  /**
   * Take over the session of a head that did not stop (`claimHeadSession`) when the
   * storage dir has one, instead of making a new one; defaults to `false`.
   */
  readonly resume?: boolean;
}

/** A running node: its manager, and how to stop all of it. */
export interface NodeRuntime {
  readonly manager: NodeManager;
  readonly gcs: Gcs;
  readonly sessionDir: string;
  readonly namespace: string;
  /** The earlier head's session this node took over (its GCS holds what to resume), if any. */
  readonly claimed: ClaimedSession | undefined;
  /** Process ids of the ready workers. */
  workerPids(): number[];
  /** Stops actors, workers and stores; removes the session dir when it was made under the default root. */
  stop(): Promise<void>;
}

export async function startNodeRuntime(options: NodeRuntimeOptions): Promise<NodeRuntime> {
  const numWorkers = options.numWorkers ?? availableParallelism();
  if (!Number.isInteger(numWorkers) || numWorkers < 1) {
    throw new InvalidArgumentError(
      `${options.caller}: numWorkers must be a whole number ≥ 1, not ${numWorkers}`,
    );
  }
  const defaultRoot = join(tmpdir(), "rayx");
  const base = options.storageDir ?? defaultRoot;
  await mkdir(base, { recursive: true, mode: 0o700 });
  // Claimed before the sweep, which would take a dead head's session under the default root.
  const claimed = options.resume === true ? claimHeadSession(base) : undefined;
  sweepStaleSessions(defaultRoot);
  const sessionDir =
    claimed?.sessionDir ?? join(base, `session-${Date.now().toString(36)}-${process.pid}`);
  if (claimed === undefined) mkdirSync(sessionDir, { mode: 0o700 });
  const ownsSessionDir = options.storageDir === undefined;
  const namespace = options.namespace ?? "default";
  const { gcs, store } = openNodeStores(sessionDir, options.objectStoreMemory);
  // On exit without stop(): the object store is a cache of this session only.
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
      env: {
        [NODE_ID_ENV]: thisNodeId(),
        [SESSION_DIR_ENV]: sessionDir,
        [NAMESPACE_ENV]: namespace,
      },
      logDir: join(sessionDir, "logs"),
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
    const workerPool = pool;
    return {
      manager,
      gcs,
      sessionDir,
      namespace,
      claimed,
      workerPids: () =>
        workerPool
          .workers()
          .filter((w) => w.state === "ready")
          .map((w) => w.pid),
      stop: async () => {
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
