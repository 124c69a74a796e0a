/**
 * `spawn()`: starts an actor of an `@actor` class somewhere in the cluster and
 * returns its handle. The actor is supervised (the job's root supervisor, or the
 * cluster's when `detached`), logged, and rebuilt from its call log after a crash.
 */
import type { ActorOptions } from "@rayx/actors";
import type { ActorArgs, ActorClass, TakesNoArgs } from "./ActorClass.js";
import type { ActorHandle } from "./ActorHandle.js";
import { handleFor } from "./ActorHandle.js";
import { clusterClient } from "./internal/clusterClient.js";
import { spawnRequestOf } from "./internal/spawnRequestOf.js";

/** `ActorOptions` for one actor (they override the class's `@actor` options). */
export interface SpawnOptions extends ActorOptions {
  /** Return the live actor of the same `name` instead of failing with `ActorNameTakenError`. Defaults to `false`. */
  readonly getIfExists?: boolean;
  /** The module defining the class; defaults to where `@actor` was applied. */
  readonly module?: string;
}

/**
 * What `spawn(Class, …)` takes after the class: its constructor arguments — which may
 * be left out only when every constructor parameter is optional — then options.
 */
export type SpawnArgs<C extends ActorClass> =
  TakesNoArgs<C> extends true
    ? [args?: ActorArgs<C>, options?: SpawnOptions]
    : [args: ActorArgs<C>, options?: SpawnOptions];

/**
 * `args` must match the class's constructor parameters (checked by `tsc`).
 *
 * @example
 * const counter = await spawn(Counter, [10], { name: "counter", maxRestarts: 5 });
 * await counter.add(1); // 11
 */
export async function spawn<C extends ActorClass>(
  Class: C,
  ...[args, options = {}]: SpawnArgs<C>
): Promise<ActorHandle<InstanceType<C>>> {
  const client = clusterClient();
  const request = await spawnRequestOf(Class, args, options);
  return handleFor<InstanceType<C>>(await client.spawn(request));
}
