/**
 * Starts the web dashboard (`@rayx/dashboard`) of a node this process runs — the
 * head of `startNode`, the embedded cluster of `init({ dashboard })` — on its GCS,
 * its worker logs, and its node manager's `kill` for the kill and restart buttons
 * (the operation `rayx kill` and `rayx restart` reach through the node service).
 */
import { join } from "node:path";
import { startDashboard, type Dashboard } from "@rayx/dashboard";
import { InvalidArgumentError } from "../errors.js";
import type { NodeRuntime } from "./startNodeRuntime.js";

export interface DashboardPlace {
  /** Interface to listen on; defaults to `"127.0.0.1"`. */
  readonly host?: string;
  /** Port; defaults to `0` (any free port). */
  readonly port?: number;
  /** The cluster's token, asked of every browser when set. */
  readonly token?: string;
}

export async function serveDashboard(
  caller: string,
  node: NodeRuntime,
  place: DashboardPlace,
): Promise<Dashboard> {
  try {
    return await startDashboard({
      gcs: node.gcs,
      control: { kill: (actorId, { noRestart }) => node.manager.kill(actorId, noRestart) },
      logDir: join(node.sessionDir, "logs"),
      localWorkers: { nodeId: node.manager.nodeId, pids: () => node.workerPids() },
      ...place,
    });
  } catch (error) {
    throw new InvalidArgumentError(
      `${caller}: cannot serve the dashboard on ${place.host ?? "127.0.0.1"}:${place.port ?? 0}: ` +
        `${(error as Error).message} (pick another dashboard port, or turn the dashboard off)`,
      { cause: error },
    );
  }
}
