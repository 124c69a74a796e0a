/**
 * `ObjectRef<T>`: a reference to an object in the cluster (a task's or actor call's
 * result, or a `put` value). It is a value — pass it to tasks and actors, return
 * it, store it — and PromiseLike, so `await ref` is `get(ref)`.
 */
import { clusterClient } from "./internal/clusterClient.js";
import { refMade } from "./internal/refTracker.js";

/**
 * @example
 * const ref = square.remote(4);   // ObjectRef<number>, returned at once
 * console.log(await ref);         // 16
 * const total = sum.remote(ref);  // refs as arguments are resolved before sum runs
 */
export class ObjectRef<T = unknown> implements PromiseLike<T> {
  /** The object's id (40 hex characters), the same in every process. */
  readonly id: string;

  /** Made by the runtime; user code gets refs from `put`, tasks and actor calls. */
  constructor(id: string) {
    this.id = id;
    refMade(this, id);
  }

  then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return (clusterClient().get(this.id) as Promise<T>).then(onfulfilled, onrejected);
  }

  toString(): string {
    return `ObjectRef(${this.id})`;
  }
}
