/**
 * The figures of `rayx memory`, from the GCS's objects table: bytes held per node
 * (an object counts on every node holding a copy), bytes spilled to disk, and the
 * largest objects. Pure: records in, a report out (what `rayx memory --json` prints).
 */
import type { ObjectInfo } from "@rayx/gcs";

export interface MemoryReport {
  readonly objects: number;
  readonly bytes: number;
  readonly spilled: { readonly objects: number; readonly bytes: number };
  /** Per node holding copies, most bytes first. */
  readonly nodes: readonly {
    readonly nodeId: string;
    readonly objects: number;
    readonly bytes: number;
  }[];
  /** The `top` largest objects, largest first (ties by id). */
  readonly largest: readonly ObjectInfo[];
}

export function memoryReport(objects: readonly ObjectInfo[], top: number): MemoryReport {
  const perNode = new Map<string, { objects: number; bytes: number }>();
  for (const object of objects) {
    for (const nodeId of new Set(object.locations)) {
      const held = perNode.get(nodeId) ?? { objects: 0, bytes: 0 };
      perNode.set(nodeId, { objects: held.objects + 1, bytes: held.bytes + object.size });
    }
  }
  const spilled = objects.filter((o) => o.spilledUrl !== undefined && o.spilledUrl !== "");
  return {
    objects: objects.length,
    bytes: sum(objects),
    spilled: { objects: spilled.length, bytes: sum(spilled) },
    nodes: [...perNode]
      .map(([nodeId, held]) => ({ nodeId, ...held }))
      .sort((a, b) => b.bytes - a.bytes || a.nodeId.localeCompare(b.nodeId)),
    largest: [...objects]
      .sort((a, b) => b.size - a.size || a.objectId.localeCompare(b.objectId))
      .slice(0, top),
  };
}

function sum(objects: readonly ObjectInfo[]): number {
  return objects.reduce((total, o) => total + o.size, 0);
}
