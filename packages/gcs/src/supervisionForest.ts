/**
 * The supervision trees of a cluster, built from the GCS's supervisor and actor
 * records: each supervisor with its children in start order, each child actor with
 * its lifecycle state, restarts and where it runs. Actors under no supervisor are
 * kept apart. Pure: records in, trees out (what `rayx tree --json` prints).
 */
import type { ActorInfo, SupervisorInfo } from "./records.js";

export interface ActorLeaf {
  readonly kind: "actor";
  /** The supervisor's id for this child. */
  readonly childId: string;
  readonly actorId: string;
  readonly name?: string;
  readonly className?: string;
  /** `unknown` when the child's actor record is missing. */
  readonly state: string;
  readonly restarts?: number;
  readonly nodeId?: string;
  readonly pid?: number;
}

export interface SupervisorBranch {
  readonly kind: "supervisor";
  readonly childId?: string;
  readonly supervisorId: string;
  readonly name?: string;
  readonly strategy?: SupervisorInfo["strategy"];
  readonly state: string;
  readonly children: readonly SupervisionNode[];
}

export type SupervisionNode = ActorLeaf | SupervisorBranch;

export interface SupervisionForest {
  /** Supervisors with no (known) parent, in the GCS's order (by id). */
  readonly roots: readonly SupervisorBranch[];
  /** Actors that neither name a supervisor nor are listed as one's child. */
  readonly unsupervised: readonly ActorLeaf[];
}

/**
 * Builds the trees; a supervisor listed twice (a cycle in corrupt records) is shown
 * once, and one that actors name but that has no record is shown in state `unknown`.
 */
export function supervisionForest(
  supervisors: readonly SupervisorInfo[],
  actors: readonly ActorInfo[],
): SupervisionForest {
  const supervisorById = new Map(supervisors.map((s) => [s.supervisorId, s]));
  const actorById = new Map(actors.map((a) => [a.actorId, a]));
  const supervised = new Set<string>();
  const placed = new Set<string>();
  // Actors naming a supervisor that does not list them (or has no record, like a
  // job's implicit root supervisor) are shown under it after its listed children.
  const listed = new Set(supervisors.flatMap((s) => s.children.flatMap((c) => c.actorId ?? [])));
  const claimed = new Map<string, ActorInfo[]>();
  for (const actor of actors) {
    if (actor.supervisorId === undefined || listed.has(actor.actorId)) continue;
    const siblings = claimed.get(actor.supervisorId);
    if (siblings === undefined) claimed.set(actor.supervisorId, [actor]);
    else siblings.push(actor);
  }

  const leaf = (actorId: string, childId: string): ActorLeaf => {
    supervised.add(actorId);
    const actor = actorById.get(actorId);
    if (actor === undefined) return { kind: "actor", childId, actorId, state: "unknown" };
    return {
      kind: "actor",
      childId,
      actorId,
      ...(actor.name === undefined ? {} : { name: actor.name }),
      className: actor.className,
      state: actor.state,
      restarts: actor.restarts,
      ...(actor.nodeId === undefined ? {} : { nodeId: actor.nodeId }),
      ...(actor.pid === undefined ? {} : { pid: actor.pid }),
    };
  };

  const branch = (supervisorId: string, childId?: string): SupervisorBranch => {
    placed.add(supervisorId);
    const info = supervisorById.get(supervisorId);
    const children: SupervisionNode[] = [];
    for (const child of info?.children ?? []) {
      if (child.supervisorId !== undefined && !placed.has(child.supervisorId)) {
        children.push(branch(child.supervisorId, child.childId));
      } else if (child.actorId !== undefined) {
        children.push(leaf(child.actorId, child.childId));
      }
    }
    for (const actor of claimed.get(supervisorId) ?? [])
      children.push(leaf(actor.actorId, actor.actorId));
    return {
      kind: "supervisor",
      ...(childId === undefined ? {} : { childId }),
      supervisorId,
      ...(info?.name === undefined ? {} : { name: info.name }),
      ...(info === undefined ? {} : { strategy: info.strategy }),
      state: info?.state ?? "unknown",
      children,
    };
  };

  const isRoot = (s: SupervisorInfo) => s.parentId === undefined || !supervisorById.has(s.parentId);
  const roots = supervisors.filter(isRoot).map((s) => branch(s.supervisorId));
  // Supervisors whose parent chain never reaches a root (a cycle) still get shown.
  for (const s of supervisors) if (!placed.has(s.supervisorId)) roots.push(branch(s.supervisorId));
  for (const supervisorId of claimed.keys())
    if (!placed.has(supervisorId)) roots.push(branch(supervisorId));
  const unsupervised = actors
    .filter((a) => !supervised.has(a.actorId))
    .map((a) => leaf(a.actorId, a.actorId));
  return { roots, unsupervised };
}
