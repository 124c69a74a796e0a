/**
 * One consistent picture of the cluster for the browser, read from the GCS: the
 * supervision forest, actors (with their call log length and snapshot seq), tasks,
 * objects, nodes, the worker processes seen on them (with their resident memory
 * when they run on this host) and jobs. Rebuilt whenever something changes.
 */
import { hostname } from "node:os";
import { supervisionForest, type ActorInfo, type GcsApi } from "@rayx/gcs";
import { plainJson } from "./plainJson.js";
import { residentBytes } from "./residentBytes.js";

/** A worker process, as the actors and tasks placed on it name it. */
export interface WorkerView {
  readonly nodeId: string;
  readonly pid: number;
  readonly actors: number;
  readonly tasks: number;
  /** Resident memory in bytes; absent when the process is not on this host (or gone). */
  readonly rssBytes?: number;
}

/** The worker processes of the node that serves the dashboard (the others are known by what runs on them). */
export interface LocalWorkers {
  readonly nodeId: string;
  pids(): readonly number[];
}

export interface ClusterView {
  readonly forest: unknown;
  readonly actors: unknown[];
  readonly supervisors: unknown[];
  readonly tasks: unknown[];
  readonly objects: unknown[];
  readonly nodes: unknown[];
  readonly workers: WorkerView[];
  readonly jobs: unknown[];
}

/** Actors whose log length and snapshot are read per picture; past it, the rest show none. */
const DETAILED_ACTORS = 500;

export async function clusterView(gcs: GcsApi, localWorkers?: LocalWorkers): Promise<ClusterView> {
  const [actors, supervisors, tasks, objects, nodes, jobs] = await Promise.all([
    gcs.listActors(),
    gcs.listSupervisors(),
    gcs.listTasks(),
    gcs.listObjects(),
    gcs.listNodes(),
    gcs.listJobs(),
  ]);
  const detailed = await Promise.all(
    actors.map(async (actor, i) => (i < DETAILED_ACTORS ? withLog(gcs, actor) : actor)),
  );
  const local = new Set(nodes.filter((n) => n.hostname === hostname()).map((n) => n.nodeId));
  return {
    forest: plainJson(supervisionForest(supervisors, actors)),
    actors: detailed.map(plainJson),
    supervisors: supervisors.map(plainJson),
    tasks: tasks.map(plainJson),
    objects: objects.map(plainJson),
    nodes: nodes.map(plainJson),
    workers: workersOf(actors, tasks, local, localWorkers),
    jobs: jobs.map(plainJson),
  };
}

async function withLog(gcs: GcsApi, actor: ActorInfo) {
  const [lastSeq, first, snapshot] = await Promise.all([
    gcs.lastSeq(actor.actorId),
    gcs.readCalls(actor.actorId, 1, 1),
    gcs.latestSnapshot(actor.actorId),
  ]);
  const firstSeq = first[0]?.seq;
  return {
    ...actor,
    logLength: firstSeq === undefined ? 0 : lastSeq - firstSeq + 1,
    ...(snapshot === undefined ? {} : { snapshotSeq: snapshot.seq }),
  };
}

type Placed = { readonly nodeId?: string; readonly pid?: number; readonly state: string };

function workersOf(
  actors: readonly Placed[],
  tasks: readonly Placed[],
  local: ReadonlySet<string>,
  localWorkers: LocalWorkers | undefined,
): WorkerView[] {
  const byPid = new Map<string, { nodeId: string; pid: number; actors: number; tasks: number }>();
  for (const pid of localWorkers?.pids() ?? []) {
    const nodeId = localWorkers?.nodeId ?? "";
    byPid.set(`${nodeId}/${pid}`, { nodeId, pid, actors: 0, tasks: 0 });
  }
  const count = (row: Placed, kind: "actors" | "tasks") => {
    if (row.nodeId === undefined || row.pid === undefined) return;
    if (row.state === "dead" || row.state === "stopped") return;
    const key = `${row.nodeId}/${row.pid}`;
    const worker = byPid.get(key) ?? { nodeId: row.nodeId, pid: row.pid, actors: 0, tasks: 0 };
    worker[kind]++;
    byPid.set(key, worker);
  };
  for (const actor of actors) count(actor, "actors");
  for (const task of tasks) count(task, "tasks");
  return [...byPid.values()].map((worker) => {
    const rss = local.has(worker.nodeId) ? residentBytes(worker.pid) : undefined;
    return rss === undefined ? worker : { ...worker, rssBytes: rss };
  });
}
