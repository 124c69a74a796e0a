/**
 * One process's local reference counts. However many handles a process keeps to
 * an object, the shared reference table holds one entry for it: `onFirst` runs when
 * the local count leaves zero and `onLast` when it returns to zero. A tracked handle
 * is released explicitly (`untrack`) or, if the program simply drops it, by a
 * `FinalizationRegistry` once it is garbage collected.
 */

export class ProcessRefs {
  readonly #counts = new Map<string, number>();
  readonly #handles = new WeakMap<object, string>();
  readonly #registry = new FinalizationRegistry<string>((id) => void this.release(id));

  constructor(
    private readonly onFirst: (id: string) => Promise<unknown> | undefined,
    private readonly onLast: (id: string) => Promise<unknown> | undefined,
  ) {}

  /** The local count of `id` (0 when not held). */
  count(id: string): number {
    return this.#counts.get(id) ?? 0;
  }

  /** Ids held by this process. */
  ids(): IterableIterator<string> {
    return this.#counts.keys();
  }

  /** Counts one more hold; returns the shared-table update when this is the first. */
  acquire(id: string): Promise<unknown> | undefined {
    const n = this.count(id);
    this.#counts.set(id, n + 1);
    return n === 0 ? this.onFirst(id) : undefined;
  }

  /** Counts a hold that the shared table already records (a put made by this process). */
  adopt(id: string): void {
    this.#counts.set(id, this.count(id) + 1);
  }

  /** Counts one hold less; returns the shared-table update when this was the last. */
  release(id: string): Promise<unknown> | undefined {
    const n = this.count(id);
    if (n === 0) return undefined;
    if (n > 1) return void this.#counts.set(id, n - 1);
    this.#counts.delete(id);
    return this.onLast(id);
  }

  /** Holds `id` for as long as `handle` lives (or until `untrack(handle)`). A handle tracks one id. */
  track(handle: object, id: string): void {
    this.untrack(handle);
    void this.acquire(id);
    this.#handles.set(handle, id);
    this.#registry.register(handle, id, handle);
  }

  /** Ties an already counted hold of `id` to `handle`'s lifetime. */
  adoptWith(handle: object, id: string): void {
    this.adopt(id);
    this.#handles.set(handle, id);
    this.#registry.register(handle, id, handle);
  }

  untrack(handle: object): void {
    const id = this.#handles.get(handle);
    if (id === undefined) return;
    this.#handles.delete(handle);
    this.#registry.unregister(handle);
    void this.release(id);
  }
}
