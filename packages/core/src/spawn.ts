/**
 * `spawn()`: starts an actor of an `@actor` class somewhere in the cluster and
 * returns its handle. The actor is supervised (the job's root supervisor, or the
 * cluster's when `detached`), logged, and rebuilt from its call log after a crash.
 */
import type { ActorOptions } from "@rayx/actors";
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

type ActorClass<T, A extends unknown[]> = new (...args: A) => T;

/**
 * @example
 * const counter = await spawn(Counter, [10], { name: "counter", maxRestarts: 5 });
 * await counter.add(1); // 11
 */
export async function spawn<T extends object, A extends unknown[]>(
  Class: ActorClass<T, A>,
  args?: A,
  options: SpawnOptions = {},
): Promise<ActorHandle<T>> {
  const client = clusterClient();
  const request = await spawnRequestOf(Class, args, options);
  return handleFor<T>(await client.spawn(request));
}
