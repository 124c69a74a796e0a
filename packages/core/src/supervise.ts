/**
 * `supervise()`: an OTP supervision tree of actors placed on any worker. Children
 * start in order; when one crashes (a throw, `kill -9` of its worker) the strategy
 * decides what to restart, and a restarted actor is rebuilt from its call log.
 * Past its restart intensity the supervisor gives up: its children stop, and calls
 * to them reject with `ActorDiedError`. The tree is a temporary child of the job's root.
 */
import type { ChildInfo, RestartType, Shutdown, Strategy } from "@rayx/actors";
import type { ActorArgs, ActorClass, TakesNoArgs } from "./ActorClass.js";
import type { ActorHandle } from "./ActorHandle.js";
import { handleFor } from "./ActorHandle.js";
import { InvalidArgumentError } from "./errors.js";
import { clusterClient } from "./internal/clusterClient.js";
import type {
  ActorAddress,
  SupervisedChildRequest,
  SupervisorRequest,
} from "./internal/clusterClient.js";
import { spawnRequestOf } from "./internal/spawnRequestOf.js";
import type { SpawnOptions } from "./spawn.js";

interface ChildBase {
  readonly id: string;
  /** `permanent` (always restarted), `transient` (after a crash), `temporary` (never). Defaults to `permanent`. */
  readonly restart?: RestartType;
  /** ms to wait for the child to stop, or `"brutal_kill"`. Defaults to 5000. */
  readonly shutdown?: Shutdown;
}

/**
 * A child actor: `args` are `actor`'s constructor arguments (checked by `tsc`), which
 * may be left out only when every constructor parameter is optional.
 */
export type ActorChildSpec<C extends ActorClass = ActorClass> = ChildBase & {
  readonly actor: C;
  /** Defaults to the class's `@actor` options. */
  readonly options?: SpawnOptions;
} & (TakesNoArgs<C> extends true
    ? { /** Constructor arguments; defaults to none. */ readonly args?: Readonly<ActorArgs<C>> }
    : { /** Constructor arguments. */ readonly args: Readonly<ActorArgs<C>> });

export interface SupervisorChildSpec extends ChildBase {
  readonly supervisor: SuperviseSpec;
}

export type SuperviseChildSpec = ActorChildSpec | SupervisorChildSpec;

/** Each of `K`'s children checked against its own class's constructor (nested trees too). */
export type CheckedChildren<K extends readonly SuperviseChildSpec[]> = {
  readonly [I in keyof K]: K[I] extends { readonly actor: infer C extends ActorClass }
    ? ActorChildSpec<C>
    : K[I] extends {
          readonly supervisor: { readonly children: infer N extends readonly SuperviseChildSpec[] };
        }
      ? SupervisorChildSpec & { readonly supervisor: { readonly children: CheckedChildren<N> } }
      : K[I];
};

export interface SuperviseSpec {
  /** Id of the supervisor (no `/`); defaults to `supervisor-<n>`. */
  readonly name?: string;
  /** Defaults to `one_for_one`. */
  readonly strategy?: Strategy;
  /** Restarts allowed within `period` before giving up; defaults to 3. */
  readonly intensity?: number;
  /** The restart window in ms; defaults to 5000. */
  readonly period?: number;
  readonly children: readonly SuperviseChildSpec[];
}

/** A running supervisor of a `supervise()` tree. */
export interface SupervisorHandle {
  readonly id: string;
  /** The handle of child actor `id`, or `undefined` if it is not alive. */
  child<T>(id: string): Promise<ActorHandle<T> | undefined>;
  children(): Promise<ChildInfo[]>;
  startChild(spec: SuperviseChildSpec): Promise<void>;
  terminateChild(id: string): Promise<void>;
  restartChild(id: string): Promise<void>;
  deleteChild(id: string): Promise<void>;
  /** Stops the children (reverse start order), then the supervisor. */
  stop(): Promise<void>;
}

async function resolveSpec(spec: SuperviseSpec, path: string): Promise<SupervisorRequest> {
  if (typeof spec !== "object" || spec === null || !Array.isArray(spec.children)) {
    throw new InvalidArgumentError(
      `${path} must be a supervisor spec { strategy?, intensity?, period?, children: [...] }`,
    );
  }
  return {
    ...(spec.name === undefined ? {} : { name: spec.name }),
    ...(spec.strategy === undefined ? {} : { strategy: spec.strategy }),
    ...(spec.intensity === undefined ? {} : { intensity: spec.intensity }),
    ...(spec.period === undefined ? {} : { period: spec.period }),
    children: await Promise.all(
      (spec.children as readonly SuperviseChildSpec[]).map((child, i) =>
        resolveChild(child, `${path}.children[${i}]`),
      ),
    ),
  };
}

async function resolveChild(
  child: SuperviseChildSpec,
  path: string,
): Promise<SupervisedChildRequest> {
  const base = {
    id: child.id,
    ...(child.restart === undefined ? {} : { restart: child.restart }),
    ...(child.shutdown === undefined ? {} : { shutdown: child.shutdown }),
  };
  if ("supervisor" in child)
    return { ...base, supervisor: await resolveSpec(child.supervisor, `${path}.supervisor`) };
  if (!("actor" in child)) {
    throw new InvalidArgumentError(
      `${path} needs either an \`actor\` class or a nested \`supervisor\` spec`,
    );
  }
  return {
    ...base,
    actor: await spawnRequestOf(child.actor, child.args ?? [], child.options ?? {}),
  };
}

/**
 * @example
 * const tree = await supervise({
 *   strategy: "one_for_all",
 *   children: [
 *     { id: "left", actor: Counter },
 *     { id: "right", actor: Counter, args: [10] },
 *   ],
 * });
 * const left = await tree.child<Counter>("left");
 */
export async function supervise<const K extends readonly SuperviseChildSpec[]>(
  spec: SuperviseSpec & { readonly children: K & CheckedChildren<K> },
): Promise<SupervisorHandle> {
  const client = clusterClient();
  const id = await client.supervise(await resolveSpec(spec, "spec"));
  return {
    id,
    async child<T>(childId: string) {
      const address = (await client.supervisorCall(id, { op: "child", childId })) as
        ActorAddress | undefined;
      return address === undefined ? undefined : handleFor<T>(address);
    },
    children: async () => (await client.supervisorCall(id, { op: "children" })) as ChildInfo[],
    startChild: async (child) => {
      await client.supervisorCall(id, {
        op: "startChild",
        child: await resolveChild(child, "spec"),
      });
    },
    terminateChild: async (childId) => {
      await client.supervisorCall(id, { op: "terminateChild", childId });
    },
    restartChild: async (childId) => {
      await client.supervisorCall(id, { op: "restartChild", childId });
    },
    deleteChild: async (childId) => {
      await client.supervisorCall(id, { op: "deleteChild", childId });
    },
    stop: async () => {
      await client.supervisorCall(id, { op: "stop" });
    },
  };
}
