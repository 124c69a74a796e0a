/**
 * The figures of `rayx status`: nodes alive and dead, the resources of the live
 * nodes (used/total), each node's resources (used/total) and what runs on it, actors and tasks counted by
 * lifecycle state, and objects held. Pure: records in, a summary out (what
 * `rayx status --json` prints).
 */
import type { ActorInfo, JobInfo, NodeInfo, ObjectInfo, TaskInfo } from "@rayx/gcs";

/** One node: where it is, its resources, and what it runs and holds now. */
export interface NodeStatus {
  readonly nodeId: string;
  readonly state: NodeInfo["state"];
  readonly hostname: string;
  readonly pid: number;
  readonly address: string;
  readonly resources: Readonly<Record<string, number>>;
  /**
   * What runs on it holds of each of its `resources` (0 when nothing does), as of the
   * head's last heartbeat round.
   */
  readonly resourcesUsed: Readonly<Record<string, number>>;
  /** Actors alive on it. */
  readonly actors: number;
  /** Tasks running on it. */
  readonly tasks: number;
  /** Objects it holds a copy of. */
  readonly objects: { readonly count: number; readonly bytes: number };
}

export interface ClusterStatus {
  readonly nodes: { readonly alive: number; readonly dead: number };
  /** Every node, in the order the GCS lists them. */
  readonly byNode: readonly NodeStatus[];
  /** Summed over alive nodes. */
  readonly resources: Readonly<Record<string, number>>;
  /** What runs holds of `resources`, summed over alive nodes. */
  readonly resourcesUsed: Readonly<Record<string, number>>;
  readonly jobs: { readonly running: number; readonly total: number };
  /** Count per state, only states with at least one; keys in lifecycle order of first seen. */
  readonly actors: Readonly<Record<string, number>>;
  readonly tasks: Readonly<Record<string, number>>;
  readonly objects: { readonly count: number; readonly bytes: number };
}

export interface ClusterRecords {
  readonly nodes: readonly NodeInfo[];
  readonly jobs: readonly JobInfo[];
  readonly actors: readonly ActorInfo[];
  readonly tasks: readonly TaskInfo[];
  readonly objects: readonly ObjectInfo[];
}

export function clusterStatus(records: ClusterRecords): ClusterStatus {
  const alive = records.nodes.filter((n) => n.state === "alive");
  const byNode = records.nodes.map((node) => nodeStatus(node, records));
  const resources: Record<string, number> = {};
  const resourcesUsed: Record<string, number> = {};
  for (const node of byNode.filter((n) => n.state === "alive")) {
    for (const [name, amount] of Object.entries(node.resources)) {
      resources[name] = (resources[name] ?? 0) + amount;
      resourcesUsed[name] = (resourcesUsed[name] ?? 0) + (node.resourcesUsed[name] ?? 0);
    }
  }
  return {
    nodes: { alive: alive.length, dead: records.nodes.length - alive.length },
    byNode,
    resources,
    resourcesUsed,
    jobs: {
      running: records.jobs.filter((j) => j.state === "running").length,
      total: records.jobs.length,
    },
    actors: countByState(records.actors),
    tasks: countByState(records.tasks),
    objects: {
      count: records.objects.length,
      bytes: records.objects.reduce((sum, o) => sum + o.size, 0),
    },
  };
}

function nodeStatus(node: NodeInfo, records: ClusterRecords): NodeStatus {
  const on = (record: { readonly nodeId?: string; readonly state: string }, state: string) =>
    record.nodeId === node.nodeId && record.state === state;
  const held = records.objects.filter((o) => o.locations.includes(node.nodeId));
  return {
    nodeId: node.nodeId,
    state: node.state,
    hostname: node.hostname,
    pid: node.pid,
    address: node.address,
    resources: node.resources,
    resourcesUsed: Object.fromEntries(
      Object.keys(node.resources).map((name) => [name, node.resourcesUsed?.[name] ?? 0]),
    ),
    actors: records.actors.filter((a) => on(a, "alive")).length,
    tasks: records.tasks.filter((t) => on(t, "alive")).length,
    objects: { count: held.length, bytes: held.reduce((sum, o) => sum + o.size, 0) },
  };
}

/** How many records are in each state, states with none left out. */
export function countByState(
  records: readonly { readonly state: string }[],
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { state } of records) counts[state] = (counts[state] ?? 0) + 1;
  return counts;
}
