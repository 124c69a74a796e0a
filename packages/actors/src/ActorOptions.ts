/**
 * Options of an actor class, given to `@actor(options)` (DESIGN.md's ActorOptions).
 * The kernel acts on mailbox, concurrency, error and snapshot options; placement
 * options (`isolate`, `resources`, `namespace`, `detached`) are carried for `@rayx/core`.
 */

/** What a method that throws does to its actor (the caller's promise rejects either way). */
export type OnError = "restart" | "resume";

export interface MailboxOptions {
  /** Most user messages that may wait in the mailbox. Defaults to `Infinity` (unbounded). */
  readonly capacity?: number;
  /**
   * What a send to a full mailbox does: `"reject"` fails it with `MailboxFullError`;
   * `"backpressure"` makes the sender wait until there is room. Defaults to `"reject"`.
   */
  readonly overflow?: "reject" | "backpressure";
}

export interface ActorOptions {
  /** A name to find the actor by (`getActor`). Defaults to none (anonymous). */
  readonly name?: string;
  /** Namespace of `name`. Defaults to the job's namespace. */
  readonly namespace?: string;
  /** Put the actor under the cluster's root supervisor instead of the job's. Defaults to `false`. */
  readonly detached?: boolean;
  /** Most restarts of this actor before it is dead for good. Defaults to `Infinity` (the supervisor's intensity decides). */
  readonly maxRestarts?: number;
  /** How often a call in flight when the actor died is run again after the rebuild. Defaults to `0`. */
  readonly maxTaskRetries?: number;
  /** Calls that may run at once (async methods interleave at `await`s). Defaults to `1`. */
  readonly maxConcurrency?: number;
  /** Defaults to `"restart"`: the actor exits with `{ error }` and is rebuilt from its call log. */
  readonly onError?: OnError;
  /** Snapshot a class implementing `snapshot()`/`restore()` every this many logged calls. Defaults to `1000`. */
  readonly snapshotEvery?: number;
  /** Receive exits of linked processes as `onExit(notice)` calls instead of exiting too. Defaults to `false`. */
  readonly trapExits?: boolean;
  /** `"process"` gives the actor a worker process of its own. Defaults to `"none"` (shares a worker). */
  readonly isolate?: "none" | "process";
  /** Resources the actor holds while alive (e.g. `{ gpu: 1 }`). Defaults to `{}`. */
  readonly resources?: Readonly<Record<string, number>>;
  /** The mailbox's bound and overflow behaviour. Defaults to unbounded. */
  readonly mailbox?: MailboxOptions;
}
