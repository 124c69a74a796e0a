/**
 * Turns `spawn(Class, args, options)` (or a supervisor's actor child) into a
 * `SpawnRequest`: plain data a node manager can act on in any process — where the
 * class is exported, its methods, and its options merged over the class's `@actor`
 * ones. Bad input (no `@actor`, args not an array, class not exported) fails here.
 */
import { actorDefinitionOf } from "@rayx/actors";
import { methodsOf } from "../ActorHandle.js";
import { definingModuleOf } from "../actor.js";
import { InvalidArgumentError } from "../errors.js";
import type { SpawnOptions } from "../spawn.js";
import { callSiteModule } from "./callSiteModule.js";
import type { SpawnRequest } from "./clusterClient.js";
import { exportNameOf } from "./exportNameOf.js";

const KERNEL_OPTIONS = [
  "maxConcurrency",
  "onError",
  "snapshotEvery",
  "trapExits",
  "mailbox",
] as const;

export async function spawnRequestOf(
  Class: unknown,
  args: unknown,
  options: SpawnOptions,
): Promise<SpawnRequest> {
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
  for (const key of KERNEL_OPTIONS) {
    if (options[key] !== undefined) overrides[key] = options[key];
  }
  return {
    actorClass: { module, exportName },
    className: definition.className,
    methods: methodsOf(Class),
    readonlyMethods: [...definition.readonlyMethods],
    args: (args as unknown[] | undefined) ?? [],
    ...(merged.name === undefined ? {} : { name: merged.name }),
    ...(merged.namespace === undefined ? {} : { namespace: merged.namespace }),
    getIfExists: merged.getIfExists ?? false,
    detached: merged.detached ?? false,
    maxRestarts: limit(Class.name, "maxRestarts", merged.maxRestarts, Infinity),
    maxTaskRetries: limit(Class.name, "maxTaskRetries", merged.maxTaskRetries, 0),
    snapshotEvery: options.snapshotEvery ?? definition.snapshotEvery,
    maxConcurrency: options.maxConcurrency ?? definition.maxConcurrency,
    mailbox: {
      capacity: options.mailbox?.capacity ?? definition.capacity,
      overflow: options.mailbox?.overflow ?? definition.overflow,
    },
    overrides,
    resources: merged.resources ?? {},
    isolate: merged.isolate === "process",
  };
}

/** A count option: a whole number ≥ 0 or `Infinity` (the GCS stores up to 2³² − 2). */
function limit(
  className: string,
  option: string,
  value: number | undefined,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (value === Infinity || (Number.isInteger(value) && value >= 0 && value < 0xffff_ffff)) {
    return value;
  }
  throw new InvalidArgumentError(
    `spawn(${className}): ${option} must be a whole number ≥ 0 or Infinity, not ${String(value)}`,
  );
}
