/**
 * The lineage a resumed head inherits: the task records an earlier head of the
 * session wrote, by the objects they produced. An object of that head that nobody
 * here knows (its value died with the head's memory or its object store) is made
 * again by running its task once more, under the same object id; its own lost
 * arguments are recalled the same way when they are resolved.
 */
import type { TaskInfo } from "@rayx/gcs";
import type { TaskRequest } from "../clusterClient.js";
import { decodeTaskSpec } from "./taskSpec.js";

export class SessionLineage {
  /** The earlier head's task records, by result object id. */
  readonly #producers = new Map<string, TaskInfo>();

  constructor(tasks: readonly TaskInfo[]) {
    for (const task of tasks) {
      for (const resultId of task.resultRefs) this.#producers.set(resultId, task);
    }
  }

  /** How many objects it can make again. */
  get size(): number {
    return this.#producers.size;
  }

  /**
   * Submits the task that made `objectId` again through `submit`, once per object;
   * false when no earlier task made it (or its record holds no call to run).
   */
  recall(objectId: string, submit: (request: TaskRequest, resultId: string) => void): boolean {
    const task = this.#producers.get(objectId);
    if (task === undefined) return false;
    this.#producers.delete(objectId); // from now on the scheduler's own lineage covers it
    const request = decodeTaskSpec(task.spec);
    if (request === undefined) return false;
    try {
      submit(request, objectId);
    } catch {
      return false; // it cannot run here (its resources left with the cluster's old nodes)
    }
    return true;
  }
}
