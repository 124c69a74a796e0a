/**
 * `spawn()`: starts an actor of an `@actor` class somewhere in the cluster and
 * returns its handle. The actor is supervised (the job's root supervisor, or the
 * cluster's when `detached`), logged, and rebuilt from its call log after a crash.
 */
import { actorDefinitionOf } from "@rayx/actors";
import type { ActorOptions } from "@rayx/actors";
import type { ActorHandle } from "./ActorHandle.js";
import { handleFor, methodsOf } from "./ActorHandle.js";
import { definingModuleOf } from "./actor.js";
import { InvalidArgumentError } from "./errors.js";
import { callSiteModule } from "./internal/callSiteModule.js";
import { clusterClient } from "./internal/clusterClient.js";
import type { SpawnRequest } from "./internal/clusterClient.js";
import { exportNameOf } from "./internal/exportNameOf.js";

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
  if (typeof Class !== "function") {
    throw new InvalidArgumentError(`spawn() takes an @actor class, not ${typeof Class}`);
  }
  const definition = actorDefinitionOf(Class);
  if (args !== undefined && !Array.isArray(args)) {
    throw new InvalidArgumentError(
      `spawn(${Class.name}, args): args must be the array of constructor arguments, not ${typeof args}`,
    );
  }
  const module = options.module ?? definingModuleOf(Class) ?? callSiteModule();
  const exportName = await exportNameOf(module, Class, `class ${Class.name}`);
  const merged: SpawnOptions = { ...definition.options, ...options };
  const overrides: Record<string, unknown> = {};
  for (const key of [
    "maxConcurrency",
    "onError",
    "snapshotEvery",
    "trapExits",
    "mailbox",
  ] as const) {
    if (options[key] !== undefined) overrides[key] = options[key];
  }
  const request: SpawnRequest = {
    actorClass: { module, exportName },
    className: definition.className,
    methods: methodsOf(Class),
    readonlyMethods: [...definition.readonlyMethods],
    args: args ?? [],
    ...(merged.name === undefined ? {} : { name: merged.name }),
    ...(merged.namespace === undefined ? {} : { namespace: merged.namespace }),
    getIfExists: merged.getIfExists ?? false,
    detached: merged.detached ?? false,
    maxRestarts: merged.maxRestarts ?? Infinity,
    maxTaskRetries: merged.maxTaskRetries ?? 0,
    overrides,
    resources: merged.resources ?? {},
    isolate: merged.isolate === "process",
  };
  return handleFor<T>(await client.spawn(request));
}
