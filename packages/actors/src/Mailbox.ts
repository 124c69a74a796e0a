/**
 * An actor's mailbox: a FIFO of user messages, optionally bounded, plus a
 * priority lane for system signals (exit notices and the like) that is always
 * served first. Plain arrays with a moving head: no allocation per message, and
 * none at all until the first message arrives.
 */
import { MailboxFullError } from "./errors.js";

export interface MailboxConfig {
  /** Names the owner in `MailboxFullError`. Defaults to `"mailbox"`. */
  readonly owner?: string;
  /** Most user messages held at once. Defaults to `Infinity`. */
  readonly capacity?: number;
  /** Full-mailbox behaviour of `post`. Defaults to `"reject"`. */
  readonly overflow?: "reject" | "backpressure";
}

/** Past this many consumed slots the queue array is compacted (only when it never empties). */
const COMPACT_AT = 4096;

// The user lane is `#user[#head .. #tail)`. Emptying resets the indices instead of
// `length = 0` (a slow path in V8), so the array keeps its high-water capacity.
// A queue that never empties is compacted only when a post would otherwise grow the
// array: a burst that is drained to empty (the common case) never copies anything.

/**
 * @example
 * ```ts
 * const mailbox = new Mailbox<string>({ capacity: 2, overflow: "backpressure" });
 * mailbox.post("a");
 * mailbox.postSystem("stop");
 * mailbox.take(); // "stop": the priority lane goes first
 * mailbox.take(); // "a"
 * ```
 */
export class Mailbox<T> {
  readonly #owner: string;
  readonly #capacity: number;
  readonly #backpressure: boolean;
  #user: (T | undefined)[] | undefined;
  #head = 0;
  #tail = 0;
  #system: T[] | undefined;
  /** Senders waiting for room (backpressure), in arrival order. */
  #waiting: { message: T; enqueued: () => void }[] | undefined;

  constructor(config: MailboxConfig = {}) {
    this.#owner = config.owner ?? "mailbox";
    this.#capacity = config.capacity ?? Infinity;
    this.#backpressure = config.overflow === "backpressure";
  }

  /** User messages queued (not counting senders still waiting for room). */
  get size(): number {
    return this.#tail - this.#head;
  }

  /** Senders blocked by backpressure. */
  get waiting(): number {
    return this.#waiting?.length ?? 0;
  }

  get isEmpty(): boolean {
    return this.size === 0 && (this.#system === undefined || this.#system.length === 0);
  }

  /**
   * Queues a user message. On a full mailbox, throws `MailboxFullError` (`"reject"`)
   * or returns a promise that resolves once the message is queued (`"backpressure"`).
   */
  post(message: T): void | Promise<void> {
    if (this.#tail - this.#head < this.#capacity) {
      this.#append(message);
      return;
    }
    if (!this.#backpressure) throw new MailboxFullError(this.#owner, this.#capacity);
    return new Promise<void>((enqueued) => (this.#waiting ??= []).push({ message, enqueued }));
  }

  /** Queues a system signal in the priority lane; never bounded. */
  postSystem(message: T): void {
    (this.#system ??= []).push(message);
  }

  /** The next message: system signals first, then user messages in FIFO order. */
  take(): T | undefined {
    const system = this.#system;
    if (system !== undefined && system.length > 0) return system.shift();
    const user = this.#user;
    if (user === undefined || this.#head === this.#tail) return undefined;
    const message = user[this.#head] as T;
    user[this.#head++] = undefined; // let the message be collected
    if (this.#head === this.#tail) this.#head = this.#tail = 0;
    if (this.#waiting !== undefined) this.#admitWaiting();
    return message;
  }

  /** Removes and returns every queued message (system, user, then waiting senders'), e.g. to reject them. */
  drain(): T[] {
    const all = [
      ...(this.#system ?? []),
      ...((this.#user?.slice(this.#head, this.#tail) ?? []) as T[]),
    ];
    for (const waiter of this.#waiting ?? []) {
      all.push(waiter.message);
      waiter.enqueued();
    }
    this.#system = this.#user = this.#waiting = undefined;
    this.#head = this.#tail = 0;
    return all;
  }

  #append(message: T): void {
    const user = (this.#user ??= []);
    if (this.#head >= COMPACT_AT && this.#tail === user.length) this.#compact(user);
    user[this.#tail++] = message;
  }

  /** Moves the queued messages to the front, when at least half the array is consumed slots. */
  #compact(user: (T | undefined)[]): void {
    const head = this.#head;
    if (head * 2 < this.#tail) return;
    user.copyWithin(0, head, this.#tail);
    this.#tail -= head;
    user.fill(undefined, this.#tail, this.#tail + head);
    this.#head = 0;
  }

  #admitWaiting(): void {
    const waiter = this.#waiting?.shift();
    if (waiter === undefined) return;
    this.#append(waiter.message);
    waiter.enqueued();
  }
}
