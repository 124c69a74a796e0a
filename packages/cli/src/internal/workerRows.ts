/**
 * The rows of `rayx list workers`: the GCS keeps no worker records, so a worker is
 * what its node left on this host — its log files (`<session dir>/logs/worker-<pid>.*`,
 * in the session dir of node `node-<host>-<managerPid>`) — joined with the actors and
 * tasks the GCS says ran on its pid, and whether the process still runs.
 */
import type { ActorInfo, NodeInfo, TaskInfo } from "@rayx/gcs";
import { workerPids } from "./logFiles.js";

export interface WorkerRow {
  readonly pid: number;
  /** The node whose session dir holds its logs ("-" when no node record matches). */
  readonly nodeId: string;
  readonly state: "running" | "exited";
  /** Actors placed on it now (alive or on their way). */
  readonly actors: number;
  /** Tasks whose latest attempt ran on it. */
  readonly tasks: number;
}

const LIVE = new Set(["scheduled", "starting", "alive", "restarting", "replaying", "stopping"]);

export function workerRows(
  storage: string,
  records: {
    readonly nodes: readonly NodeInfo[];
    readonly actors: readonly ActorInfo[];
    readonly tasks: readonly TaskInfo[];
  },
  isRunning: (pid: number) => boolean,
): WorkerRow[] {
  return workerPids(storage)
    .map(({ pid, managerPid }) => {
      const node = records.nodes.find((n) => n.pid === managerPid);
      return {
        pid,
        nodeId: node?.nodeId ?? "-",
        state: isRunning(pid) ? ("running" as const) : ("exited" as const),
        actors: records.actors.filter((a) => a.pid === pid && LIVE.has(a.state)).length,
        tasks: records.tasks.filter((t) => t.pid === pid).length,
      };
    })
    .sort((a, b) => a.nodeId.localeCompare(b.nodeId) || a.pid - b.pid);
}
