/**
 * Options of one actor cell, given to `ActorCell.start` and `ActorCell.rebuild`:
 * identity, injected clock and transition listener, per-cell overrides of the
 * class's `@actor` options, and (for a rebuild) the call log.
 */
import type { CallLog } from "./CallLog.js";
import type { Clock } from "./Clock.js";
import type { ActorOverrides } from "./internal/ActorDefinition.js";
import type { LifecycleTransition } from "./lifecycleTransition.js";

/**
 * @example
 * ```ts
 * ActorCell.start(Counter, [], { id: "counter-1", maxConcurrency: 4, onTransition: record });
 * ```
 */
export interface CellOptions extends ActorOverrides {
  /** Unique id of the actor. Defaults to `<ClassName>-<n>`. */
  readonly id?: string;
  /** Timestamps lifecycle transitions. Defaults to `systemClock`. */
  readonly clock?: Clock;
  /** Receives every lifecycle transition (the runtime records them in the GCS). Defaults to none. */
  readonly onTransition?: (transition: LifecycleTransition) => void;
}

/**
 * @example
 * ```ts
 * await ActorCell.rebuild(Counter, [], { callLog, restartFrom: "crashed" });
 * ```
 */
export interface RebuildOptions extends CellOptions {
  /** Where the actor's calls were logged and will be logged. */
  readonly callLog: CallLog;
  /** This rebuild restarts an actor that ended in this state (emits RESTART first). Defaults to a first start. */
  readonly restartFrom?: "crashed" | "stopped";
  /** Entries read from the log per batch. Defaults to `1000`. */
  readonly batchSize?: number;
  /**
   * Ids of calls the caller will deliver again (they were in flight when the previous
   * incarnation died): the rebuild notes which of them its log holds, so that
   * `takeRedelivered` answers them instead of applying them twice. Defaults to none.
   */
  readonly redelivered?: ReadonlySet<string>;
}

/** A redelivered call the log holds: it was applied; `reply` is what it returned, if kept. */
export interface Redelivered {
  readonly reply: { readonly value: unknown } | undefined;
}
