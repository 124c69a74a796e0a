/**
 * What the node manager keeps per worker process: its request table (its replies
 * settle the manager's requests), and the actors and tasks it runs now.
 */
import type { RequestTable } from "./RequestTable.js";

export interface WorkerSlot {
  /** The actor this worker was started for (`isolate: "process"`); nothing else runs there. */
  readonly dedicatedTo: string | undefined;
  readonly workerId: string;
  /** The node it runs on (the head's own id, or a joined node's). */
  readonly nodeId: string;
  readonly pid: number;
  readonly requests: RequestTable;
  readonly actors: Set<string>;
  /** Result ids of the tasks it runs. */
  readonly tasks: Set<string>;
}
