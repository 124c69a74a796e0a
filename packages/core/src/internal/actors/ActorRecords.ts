/**
 * Actors' records in the GCS: each change of an entry's state is written to the
 * actors table (what `listActors`, `rayx list` and a resumed head read), and
 * `inspect` joins the record with its call log's length and latest snapshot.
 */
import type { Clock } from "@rayx/actors";
import type { ActorInfo, Gcs } from "@rayx/gcs";
import { ActorNotFoundError } from "../../errors.js";
import type { ActorInfo as InspectedActor } from "../clusterClient.js";
import { spawnSpecOf } from "../head/spawnSpec.js";
import type { ActorEntry } from "./ActorEntry.js";

export class ActorRecords {
  readonly #gcs: Gcs;
  readonly #nodeId: string;
  readonly #namespace: string;
  readonly #clock: Clock;

  constructor(gcs: Gcs, nodeId: string, namespace: string, clock: Clock) {
    this.#gcs = gcs;
    this.#nodeId = nodeId;
    this.#namespace = namespace;
    this.#clock = clock;
  }

  /** Writes `entry`'s record; resolves with it even when the write failed (the GCS is closing). */
  record(entry: ActorEntry): Promise<ActorInfo> {
    const info: ActorInfo = {
      actorId: entry.actorId,
      jobId: entry.jobId,
      className: entry.request.className,
      module: entry.request.actorClass.module,
      ownerId: entry.jobId,
      supervisorId: entry.supervisorId,
      state: entry.state,
      restarts: entry.restarts,
      maxRestarts: entry.request.maxRestarts,
      nodeId: entry.worker?.nodeId ?? this.#nodeId,
      ...(entry.worker === undefined ? {} : { pid: entry.worker.pid }),
      ...(entry.request.name === undefined ? {} : { name: entry.request.name }),
      namespace: entry.namespace,
      ...(entry.lastError === undefined ? {} : { lastError: entry.lastError }),
      updatedAt: this.#clock.now(),
      spawnSpec: spawnSpecOf(entry.request),
    };
    return this.#gcs.putActor(info).then(
      () => info,
      () => info,
    );
  }

  /** Actor `target` (an id, or a name in this node's namespace) as `inspect` shows it. */
  async inspect(
    target: string,
    entryOf: (actorId: string) => ActorEntry | undefined,
  ): Promise<InspectedActor> {
    let entry = entryOf(target);
    if (entry === undefined) {
      const actorId = await this.#gcs.lookupName(this.#namespace, target);
      entry = actorId === undefined ? undefined : entryOf(actorId);
    }
    const info = entry === undefined ? await this.#gcs.getActor(target) : await this.record(entry);
    if (info === undefined) throw new ActorNotFoundError(target, this.#namespace);
    const [lastSeq, first, snapshot] = await Promise.all([
      this.#gcs.lastSeq(info.actorId),
      this.#gcs.readCalls(info.actorId, 1, 1),
      this.#gcs.latestSnapshot(info.actorId),
    ]);
    // Entries the latest snapshot folded in stay one more interval (for redelivered
    // calls) but are never replayed again: the log's length is what a rebuild replays.
    const replayedFrom = Math.max((first[0]?.seq ?? lastSeq + 1) - 1, snapshot?.seq ?? 0);
    return {
      ...info,
      logLength: Math.max(0, lastSeq - replayedFrom),
      ...(snapshot === undefined ? {} : { snapshotSeq: snapshot.seq }),
    };
  }
}
