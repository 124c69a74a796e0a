/**
 * Finding, killing, inspecting and introspecting actors: `getActor`, `kill`,
 * `inspect`, `context` and the `state.list*` functions.
 */
import type { ActorInfo as ActorRecord } from "@rayx/gcs";
import type { ActorInfo } from "./internal/clusterClient.js";
import { ActorHandleTarget, handleFor } from "./ActorHandle.js";
import type { ActorHandle } from "./ActorHandle.js";
import { InvalidArgumentError, RuntimeStateError } from "./errors.js";
import { currentActorContext } from "./internal/ActorHost.js";
import type { ActorContext } from "./internal/ActorHost.js";
import { clusterClient } from "./internal/clusterClient.js";

export type { ActorContext };

/**
 * The handle of the live actor registered as `name`; rejects with `ActorNotFoundError`.
 *
 * @example
 * const counter = await getActor<Counter>("counter");
 */
export async function getActor<T>(
  name: string,
  options: { readonly namespace?: string } = {},
): Promise<ActorHandle<T>> {
  if (typeof name !== "string" || name === "") {
    throw new InvalidArgumentError("getActor() takes the actor's name (a non-empty string)");
  }
  return handleFor<T>(await clusterClient().lookupActor(name, options.namespace));
}

function actorIdOf(handle: unknown, where: string): string {
  if (handle instanceof ActorHandleTarget) return handle.actorId;
  throw new InvalidArgumentError(`${where} takes an actor handle (from spawn() or getActor())`);
}

/**
 * Stops an actor (a handle, or its actor id as `rayx list actors` shows it). With
 * `noRestart` (the default) it is gone for good and calls reject with
 * `ActorDiedError`; with `noRestart: false` it is a crash its supervisor repairs.
 *
 * @example
 * await kill(counter, { noRestart: false }); // rebuilt from its call log
 */
export async function kill(
  target: ActorHandle<unknown> | string,
  options: { readonly noRestart?: boolean } = {},
): Promise<void> {
  const id = typeof target === "string" ? target : actorIdOf(target, "kill()");
  await clusterClient().kill(id, options.noRestart ?? true);
}

/**
 * What the runtime knows of an actor (a handle, its id or its name).
 *
 * @example
 * const { state, restarts, pid } = await inspect(counter);
 */
export function inspect(target: ActorHandle<unknown> | string): Promise<ActorInfo> {
  const id = typeof target === "string" ? target : actorIdOf(target, "inspect()");
  return clusterClient().inspect(id);
}

/**
 * Inside an actor method (also after an `await`): who am I, and how to stop myself.
 *
 * @example
 * @actor() export class Job { finish() { context().stop(); } }
 */
export function context(): ActorContext {
  const current = currentActorContext();
  if (current === undefined) {
    throw new RuntimeStateError(
      "context() is only available inside an actor method (of an actor spawned with spawn())",
    );
  }
  return current;
}

type Filter<T> = { readonly [K in keyof T]?: T[K] };

function matching<T>(records: readonly T[], filter: Filter<T> | undefined): T[] {
  if (filter === undefined) return [...records];
  const entries = Object.entries(filter);
  return records.filter((record) =>
    entries.every(([key, value]) => (record as Record<string, unknown>)[key] === value),
  );
}

/**
 * The cluster's records as plain objects (what the CLI prints), each list filtered by
 * equal fields.
 *
 * @example
 * const alive = await state.listActors({ state: "alive" });
 */
export const state = {
  listActors: async (filter?: Filter<ActorRecord>) =>
    matching(await clusterClient().listActors(), filter),
  listTasks: async (
    filter?: Filter<Awaited<ReturnType<ReturnType<typeof clusterClient>["listTasks"]>>[number]>,
  ) => matching(await clusterClient().listTasks(), filter),
  listObjects: async () => [...(await clusterClient().listObjects())],
  listNodes: async () => [...(await clusterClient().listNodes())],
  listSupervisors: async () => [...(await clusterClient().listSupervisors())],
};
