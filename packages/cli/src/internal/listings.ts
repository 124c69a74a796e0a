/**
 * What `rayx list` shows of each kind of record: how to load them, their state and
 * nodes (for the filters), and the table columns. The JSON form is the records
 * themselves.
 */
import {
  lifecycleStates,
  type ActorInfo,
  type GcsApi,
  type JobInfo,
  type NodeInfo,
  type ObjectInfo,
  type SupervisorInfo,
  type TaskInfo,
} from "@rayx/gcs";
import { formatBytes } from "./formatBytes.js";
import type { Column } from "./formatTable.js";
import { stateColor } from "./paint.js";
import { isRunning } from "@rayx/core/node";
import { workerRows, type WorkerRow } from "./workerRows.js";

export interface Listing<T> {
  /** `storage`: the storage dir on this host, for what only its files tell (workers). */
  load(gcs: GcsApi, storage: string): Promise<readonly T[]>;
  /** The states `--state` may ask for; empty when records of this kind have none. */
  readonly states: readonly string[];
  state(row: T): string | undefined;
  /** Nodes the row is on; an empty list matches no `--node`. */
  nodes(row: T): readonly string[];
  readonly columns: readonly Column<T>[];
}

const stateColumn = <T extends { readonly state: string }>(): Column<T> => ({
  header: "STATE",
  value: (row) => row.state,
  color: (row) => stateColor(row.state),
});
const placeColumn = <
  T extends { readonly nodeId?: string; readonly pid?: number },
>(): Column<T> => ({
  header: "NODE",
  value: (row) =>
    row.nodeId === undefined
      ? "-"
      : `${row.nodeId}${row.pid === undefined ? "" : ` pid ${row.pid}`}`,
});
const onNode = (row: { readonly nodeId?: string }) =>
  row.nodeId === undefined ? [] : [row.nodeId];

const actors: Listing<ActorInfo> = {
  load: (gcs) => gcs.listActors(),
  states: lifecycleStates,
  state: (row) => row.state,
  nodes: onNode,
  columns: [
    { header: "ACTOR", value: (row) => row.actorId },
    { header: "NAME", value: (row) => row.name ?? "-" },
    { header: "CLASS", value: (row) => row.className },
    stateColumn(),
    { header: "RESTARTS", value: (row) => String(row.restarts), align: "right" },
    placeColumn(),
  ],
};

const tasks: Listing<TaskInfo> = {
  load: (gcs) => gcs.listTasks(),
  states: lifecycleStates,
  state: (row) => row.state,
  nodes: onNode,
  columns: [
    { header: "TASK", value: (row) => row.taskId },
    { header: "FUNCTION", value: (row) => row.functionName },
    stateColumn(),
    { header: "ATTEMPTS", value: (row) => String(row.attempts), align: "right" },
    placeColumn(),
    { header: "ERROR", value: (row) => row.lastError ?? "-" },
  ],
};

const objects: Listing<ObjectInfo> = {
  load: (gcs) => gcs.listObjects(),
  states: [],
  state: () => undefined,
  nodes: (row) => row.locations,
  columns: [
    { header: "OBJECT", value: (row) => row.objectId },
    { header: "SIZE", value: (row) => formatBytes(row.size), align: "right" },
    { header: "OWNER", value: (row) => row.ownerId },
    { header: "LOCATIONS", value: (row) => row.locations.join(",") || "-" },
    { header: "SPILLED", value: (row) => row.spilledUrl ?? "-" },
  ],
};

const nodes: Listing<NodeInfo> = {
  load: (gcs) => gcs.listNodes(),
  states: ["alive", "dead"],
  state: (row) => row.state,
  nodes: (row) => [row.nodeId],
  columns: [
    { header: "NODE", value: (row) => row.nodeId },
    stateColumn(),
    { header: "ADDRESS", value: (row) => row.address || "-" },
    { header: "HOST", value: (row) => `${row.hostname} pid ${row.pid}` },
    {
      header: "RESOURCES",
      value: (row) =>
        Object.entries(row.resources)
          .map(([k, v]) => `${k}=${v}`)
          .join(",") || "-",
    },
  ],
};

const supervisors: Listing<SupervisorInfo> = {
  load: (gcs) => gcs.listSupervisors(),
  states: lifecycleStates,
  state: (row) => row.state,
  nodes: () => [],
  columns: [
    { header: "SUPERVISOR", value: (row) => row.supervisorId },
    { header: "NAME", value: (row) => row.name ?? "-" },
    { header: "STRATEGY", value: (row) => row.strategy },
    stateColumn(),
    { header: "CHILDREN", value: (row) => String(row.children.length), align: "right" },
    { header: "INTENSITY", value: (row) => `${row.intensity} in ${row.periodMs} ms` },
    { header: "PARENT", value: (row) => row.parentId ?? "-" },
  ],
};

const time = (ms: number | undefined) => (ms === undefined ? "-" : new Date(ms).toISOString());

const jobs: Listing<JobInfo> = {
  load: (gcs) => gcs.listJobs(),
  states: ["running", "succeeded", "failed", "stopped"],
  state: (row) => row.state,
  nodes: (row) => [row.nodeId],
  columns: [
    { header: "JOB", value: (row) => row.jobId },
    stateColumn(),
    { header: "NAMESPACE", value: (row) => row.namespace },
    { header: "DRIVER", value: (row) => `${row.nodeId} pid ${row.driverPid}` },
    { header: "STARTED", value: (row) => time(row.startedAt) },
    { header: "ENDED", value: (row) => time(row.endedAt) },
    { header: "ENTRYPOINT", value: (row) => row.entrypoint || "-" },
  ],
};

const workers: Listing<WorkerRow> = {
  load: async (gcs, storage) => {
    const [nodes, actors, tasks] = await Promise.all([
      gcs.listNodes(),
      gcs.listActors(),
      gcs.listTasks(),
    ]);
    return workerRows(storage, { nodes, actors, tasks }, isRunning);
  },
  states: ["running", "exited"],
  state: (row) => row.state,
  nodes: (row) => [row.nodeId],
  columns: [
    { header: "PID", value: (row) => String(row.pid), align: "right" },
    { header: "NODE", value: (row) => row.nodeId },
    stateColumn(),
    { header: "ACTORS", value: (row) => String(row.actors), align: "right" },
    { header: "TASKS", value: (row) => String(row.tasks), align: "right" },
  ],
};

/** The kinds `rayx list` knows, in the order help lists them. */
export const listings = { actors, tasks, objects, nodes, supervisors, jobs, workers } as const;
