/**
 * A GCS env on disk with known records, for the CLI's integration tests: two nodes
 * (one dead), a job, three actors (two under a two-level supervision tree, one named
 * "counter" with a five-call log), three tasks, three objects and lifecycle events.
 */
import { Gcs, openLmdbStore } from "@rayx/gcs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ClusterFixture {
  /** The storage dir (it holds one session dir with the GCS env). */
  readonly storage: string;
  /** The GCS, still open (close it before `remove`). */
  readonly gcs: Gcs;
  remove(): Promise<void>;
}

const actor = {
  jobId: "job-1",
  module: "file:///app/actors.js",
  ownerId: "driver-1",
  maxRestarts: 3,
  namespace: "default",
} as const;

/** The fixture's one session dir, node n1's: where its GCS env and logs are. */
export function sessionDirOf(storage: string): string {
  return join(storage, "session-test-11");
}

/** `hostname`: the host the fixture's nodes ran on; defaults to a made-up `host-a`. */
export async function clusterFixture(hostname = "host-a"): Promise<ClusterFixture> {
  const storage = await mkdtemp(join(tmpdir(), "rayx-cli-"));
  // Named as a node's session dir is (`session-<time>-<pid>`): node n1's, pid 11.
  const gcs = new Gcs(openLmdbStore({ dir: join(sessionDirOf(storage), "gcs") }));
  const node = { address: "", hostname, startedAt: 1_000, lastHeartbeatAt: 2_000 };
  await Promise.all([
    gcs.putNode({
      ...node,
      nodeId: "n1",
      pid: 11,
      resources: { cpu: 2, gpu: 1 },
      resourcesUsed: { cpu: 1 },
      state: "alive",
    }),
    gcs.putNode({ ...node, nodeId: "n2", pid: 12, resources: { cpu: 4 }, state: "dead" }),
    gcs.putJob({
      jobId: "job-1",
      namespace: "default",
      nodeId: "n1",
      driverPid: 10,
      entrypoint: "app.ts",
      state: "running",
      startedAt: 1_000,
    }),
    gcs.putActor({
      ...actor,
      actorId: "a1",
      className: "Counter",
      supervisorId: "s1",
      state: "alive",
      restarts: 1,
      nodeId: "n1",
      pid: 101,
      name: "counter",
      updatedAt: 1_070,
    }),
    gcs.putActor({
      ...actor,
      actorId: "a2",
      className: "Worker",
      supervisorId: "s2",
      state: "crashed",
      restarts: 2,
      nodeId: "n1",
      pid: 102,
      lastError: "boom",
      updatedAt: 1_080,
    }),
    gcs.putActor({
      ...actor,
      actorId: "a3",
      className: "Logger",
      // What @rayx/core writes for "no restart limit".
      maxRestarts: Infinity,
      state: "stopped",
      restarts: 0,
      updatedAt: 1_100,
    }),
    ...(["pending", "alive", "stopped"] as const).map((state, i) =>
      gcs.putTask({
        taskId: `t${i + 1}`,
        jobId: "job-1",
        functionName: "square",
        module: "file:///app/tasks.js",
        spec: new Uint8Array([i]),
        argRefs: [],
        resultRefs: [],
        state,
        attempts: i,
        maxRetries: 3,
        // The running one runs on n1.
        ...(state === "alive" ? { nodeId: "n1", pid: 101 } : {}),
        updatedAt: 1_000 + i,
      }),
    ),
    gcs.putObject({
      objectId: "o1",
      size: 1_000,
      locations: ["n1"],
      ownerId: "driver-1",
      createdAt: 1_000,
    }),
    gcs.putObject({
      objectId: "o2",
      size: 5_000,
      locations: ["n1", "n2"],
      ownerId: "driver-1",
      spilledUrl: "file:///spill/o2",
      createdAt: 1_001,
    }),
    gcs.putObject({ objectId: "o3", size: 10, locations: ["n2"], ownerId: "a1", createdAt: 1_002 }),
    gcs.putSupervisor({
      supervisorId: "s1",
      name: "app",
      strategy: "one_for_one",
      intensity: 3,
      periodMs: 5_000,
      spec: new Uint8Array(),
      children: [
        { childId: "counter", actorId: "a1" },
        { childId: "workers", supervisorId: "s2" },
      ],
      state: "alive",
      updatedAt: 1_000,
    }),
    gcs.putSupervisor({
      supervisorId: "s2",
      parentId: "s1",
      strategy: "rest_for_one",
      intensity: 1,
      periodMs: 1_000,
      spec: new Uint8Array(),
      children: [{ childId: "w1", actorId: "a2" }],
      state: "alive",
      updatedAt: 1_001,
    }),
    gcs.claimName("default", "counter", "a1"),
    gcs.appendCalls(
      "a1",
      [1, 2, 3, 4, 5].map((seq) => ({
        seq,
        method: "add",
        args: new Uint8Array([seq]),
        argRefs: [],
        nested: [],
        completion: { ok: seq !== 4, result: new Uint8Array() },
      })),
    ),
  ]);
  // Appended in order so ties and ordering are known.
  for (const [time, subjectId, type] of [
    [1_000, "a1", "starting"],
    [1_010, "a1", "alive"],
    [1_050, "a1", "crashed"],
    [1_070, "a1", "alive"],
    [1_100, "a3", "stopped"],
  ] as const) {
    await gcs.appendEvent({ time, subjectKind: "actor", subjectId, type, nodeId: "n1" });
  }
  return {
    storage,
    gcs,
    remove: () => rm(storage, { recursive: true, force: true }),
  };
}
