/**
 * The listeners of a worker source's two events — a frame from a worker, a worker's
 * exit — for the sources to extend (`WorkerPool`, `RemoteNode`, `WorkerSources`).
 */
import type { Frame } from "./Frame.js";
import type { WorkerExit } from "./WorkerPool.js";

export abstract class WorkerEvents {
  readonly #frameListeners = new Set<(workerId: string, frame: Frame) => void>();
  readonly #exitListeners = new Set<(exit: WorkerExit) => void>();

  /** Calls `listener` with every frame a worker sends. Returns a function that unsubscribes. */
  onFrame(listener: (workerId: string, frame: Frame) => void): () => void {
    this.#frameListeners.add(listener);
    return () => this.#frameListeners.delete(listener);
  }

  /** Calls `listener` when a worker ends, however it ended. Returns a function that unsubscribes. */
  onExit(listener: (exit: WorkerExit) => void): () => void {
    this.#exitListeners.add(listener);
    return () => this.#exitListeners.delete(listener);
  }

  protected emitFrame(workerId: string, frame: Frame): void {
    for (const listener of this.#frameListeners) listener(workerId, frame);
  }

  protected emitExit(exit: WorkerExit): void {
    for (const listener of this.#exitListeners) listener(exit);
  }
}
