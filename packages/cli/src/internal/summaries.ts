/**
 * What `rayx summary actors|tasks|objects` counts (Ray's `ray summary`): actors by
 * class and tasks by function, each with how many are in each state; objects by the
 * node holding them, with their bytes and how many of them are spilled. Pure: records
 * in, rows out (what `--json` prints).
 */
import type { ActorInfo, ObjectInfo, TaskInfo } from "@rayx/gcs";

export interface StateSummary {
  /** The class (actors) or function (tasks). */
  readonly name: string;
  readonly total: number;
  /** How many are in each state, states in first-seen order. */
  readonly states: Readonly<Record<string, number>>;
}

export interface ObjectSummary {
  readonly nodeId: string;
  readonly objects: number;
  readonly bytes: number;
  readonly spilled: number;
}

export function summarizeActors(actors: readonly ActorInfo[]): StateSummary[] {
  return byName(actors.map((a) => [a.className, a.state]));
}

export function summarizeTasks(tasks: readonly TaskInfo[]): StateSummary[] {
  return byName(tasks.map((t) => [t.functionName, t.state]));
}

/** An object counts on every node holding a copy; one held nowhere counts under "-". */
export function summarizeObjects(objects: readonly ObjectInfo[]): ObjectSummary[] {
  const rows = new Map<string, { objects: number; bytes: number; spilled: number }>();
  for (const object of objects) {
    const nodes = object.locations.length === 0 ? ["-"] : [...new Set(object.locations)];
    for (const nodeId of nodes) {
      const row = rows.get(nodeId) ?? { objects: 0, bytes: 0, spilled: 0 };
      row.objects++;
      row.bytes += object.size;
      if (object.spilledUrl !== undefined && object.spilledUrl !== "") row.spilled++;
      rows.set(nodeId, row);
    }
  }
  return [...rows]
    .map(([nodeId, row]) => ({ nodeId, ...row }))
    .sort((a, b) => a.nodeId.localeCompare(b.nodeId));
}

function byName(pairs: readonly (readonly [string, string])[]): StateSummary[] {
  const rows = new Map<string, Record<string, number>>();
  for (const [name, state] of pairs) {
    const states = rows.get(name) ?? {};
    states[state] = (states[state] ?? 0) + 1;
    rows.set(name, states);
  }
  return [...rows]
    .map(([name, states]) => ({
      name,
      total: Object.values(states).reduce((sum, n) => sum + n, 0),
      states,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
