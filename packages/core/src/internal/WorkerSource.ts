/**
 * What the node manager needs of a set of worker processes: the local `WorkerPool`
 * has this shape, and so has a `RemoteNode` (the workers of a joined node, reached
 * through its agent). Worker ids are unique across every source of one manager.
 */
import type { Frame } from "./Frame.js";
import type { WorkerExit, WorkerInfo } from "./WorkerPool.js";

export interface WorkerSource {
  workers(): WorkerInfo[];
  /** Throws when the worker is not reachable. */
  send(workerId: string, frame: Frame): void;
  onFrame(listener: (workerId: string, frame: Frame) => void): () => void;
  onExit(listener: (exit: WorkerExit) => void): () => void;
  add(): Promise<WorkerInfo>;
  retire(workerId: string): Promise<void>;
  replace(workerId: string): Promise<WorkerInfo>;
  shutdown(): Promise<void>;
}
