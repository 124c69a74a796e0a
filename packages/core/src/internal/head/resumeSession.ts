/**
 * What a head does when it takes over the session of an earlier head that crashed
 * (`claimHeadSession`), before it serves anyone: the cluster's supervision tree comes
 * back — every detached actor the earlier head ran is rebuilt under this head's
 * cluster root from its record's spawn request and its call log, under its old id
 * and name — and its lineage is inherited, so the objects its tasks made can be made
 * again. Jobs of the earlier head ended with its drivers' connections: they are
 * recorded as failed, and their non-detached actors as stopped (as when a driver's
 * connection drops), freeing their names.
 */
import type { ActorInfo, Gcs } from "@rayx/gcs";
import type { SpawnRequest } from "../clusterClient.js";
import type { ClaimedSession, HeadMark } from "./headSession.js";
import { SessionLineage } from "./SessionLineage.js";
import { decodeSpawnSpec } from "./spawnSpec.js";

/** What resuming needs of the new head's node manager. */
export interface ResumingHead {
  readonly nodeId: string;
  readonly jobId: string;
  restore(request: SpawnRequest, actorId: string, restarts: number): Promise<void>;
  inherit(lineage: SessionLineage): void;
}

/** What was resumed, for the head's log. */
export interface ResumeReport {
  readonly restored: readonly string[];
  /** Detached actors that could not be rebuilt, with why (they are recorded as dead). */
  readonly failed: readonly { readonly actorId: string; readonly why: string }[];
  readonly stopped: number;
  readonly endedJobs: number;
  /** Objects the inherited lineage can make again. */
  readonly lineage: number;
}

/** Actors rebuilt at once: each asks a worker to replay its log. */
const CONCURRENT_RESTORES = 8;

export async function resumeSession(
  head: ResumingHead,
  gcs: Gcs,
  previous: HeadMark,
): Promise<ResumeReport> {
  const [actors, jobs, supervisors, tasks] = await Promise.all([
    gcs.listActors(),
    gcs.listJobs(),
    gcs.listSupervisors(),
    gcs.listTasks(),
  ]);
  const lineage = new SessionLineage(tasks);
  head.inherit(lineage);
  const now = Date.now();
  const clusterRoot = `${previous.nodeId}/cluster`;
  const live = actors.filter((a) => a.state !== "dead" && a.state !== "stopped");
  const detached = live.filter((a) => a.supervisorId === clusterRoot && a.spawnSpec !== undefined);
  const others = live.filter((a) => !detached.includes(a));
  const ended = (actor: ActorInfo, state: "stopped" | "dead", lastError?: string) =>
    Promise.all([
      gcs.putActor({
        ...actor,
        state,
        updatedAt: now,
        ...(lastError === undefined ? {} : { lastError }),
      }),
      actor.name === undefined
        ? undefined
        : gcs.releaseName(actor.namespace, actor.name, actor.actorId),
    ]);
  await Promise.all(others.map((actor) => ended(actor, "stopped")));
  const mine = new Set([`${head.jobId}/root`, `${head.nodeId}/cluster`]);
  const endedJobs = jobs.filter((job) => job.state === "running" && job.jobId !== head.jobId);
  await Promise.all([
    ...endedJobs.map((job) => gcs.putJob({ ...job, state: "failed", endedAt: now })),
    ...supervisors
      .filter((s) => s.state === "alive" && !mine.has(s.supervisorId))
      .map((s) => gcs.putSupervisor({ ...s, state: "stopped", updatedAt: now })),
    gcs
      .getNode(previous.nodeId)
      .then((node) => (node === undefined ? undefined : gcs.putNode({ ...node, state: "dead" }))),
  ]);
  const restored: string[] = [];
  const failed: { actorId: string; why: string }[] = [];
  const queue = [...detached];
  const restoreNext = async (): Promise<void> => {
    for (let actor = queue.shift(); actor !== undefined; actor = queue.shift()) {
      try {
        const request = decodeSpawnSpec(actor.spawnSpec as Uint8Array);
        await head.restore(request, actor.actorId, actor.restarts);
        restored.push(actor.actorId);
      } catch (error) {
        const why = `the resumed head could not rebuild it: ${(error as Error).message}`;
        failed.push({ actorId: actor.actorId, why });
        await ended(actor, "dead", why).catch(() => undefined);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_RESTORES }, restoreNext));
  return {
    restored,
    failed,
    stopped: others.length,
    endedJobs: endedJobs.length,
    lineage: lineage.size,
  };
}

/** One line for the head's log: which session it resumed and what came back. */
export function describeResume(claimed: ClaimedSession, report: ResumeReport): string {
  const failed = report.failed.map((f) => `\n  ${f.actorId}: ${f.why}`).join("");
  return (
    `rayx head resumed ${claimed.sessionDir} (its head ${claimed.previous.nodeId}, pid ` +
    `${claimed.previous.pid}, is gone): ${report.restored.length} detached actor(s) rebuilt, ` +
    `${report.failed.length} could not be${failed ? ":" : ""}${failed}; ` +
    `${report.endedJobs} job(s) ended, ${report.stopped} of their actor(s) stopped; ` +
    `${report.lineage} object(s) can be rebuilt from lineage`
  );
}
