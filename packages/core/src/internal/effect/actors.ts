/**
 * The actor side of the Effect face: `spawn`, `spawnScoped`, `call`, `getActor`,
 * `kill` and `inspect`, each the promise API's operation as an `Effect` whose
 * documented rayx errors are typed failures.
 */
import { Effect } from "effect";
import type { Scope } from "effect";
import {
  ActorNameTakenError,
  ActorNotFoundError,
  InfeasibleResourcesError,
  MailboxFullError,
  SerializationError,
  TaskError,
  getActor as getActorPromise,
  get as getPromise,
  inspect as inspectPromise,
  kill as killPromise,
  spawn as spawnPromise,
} from "../../index.js";
import type { ActorClass } from "../../ActorClass.js";
import type { ActorHandle, ActorInfo, ObjectRef, SpawnArgs } from "../../index.js";
import { fromPromise } from "./fromPromise.js";
import { GET_FAILURES } from "./objects.js";
import type { GetError } from "./objects.js";
import { withRayx } from "./Rayx.js";
import type { Rayx } from "./Rayx.js";

/** The typed failures of `spawn`: a taken name, resources no node has, arguments that cannot be sent, a constructor that threw (`TaskError`). */
export type SpawnError =
  ActorNameTakenError | InfeasibleResourcesError | SerializationError | TaskError;

/** The typed failures of `call`: those of `get`, plus arguments that cannot be sent or a full mailbox. */
export type CallError = GetError | SerializationError | MailboxFullError;

/**
 * Starts an actor of an `@actor` class and succeeds with its handle. The start is not
 * interruptible (an actor half-started would be nobody's); the actor then lives until
 * `kill` or shutdown — use `spawnScoped` to tie it to a scope.
 *
 * @example
 * const counter = yield* spawn(Counter, [10], { name: "counter" });
 */
export function spawn<C extends ActorClass>(
  Class: C,
  ...args: SpawnArgs<C>
): Effect.Effect<ActorHandle<InstanceType<C>>, SpawnError, Rayx> {
  return withRayx(
    Effect.uninterruptible(
      fromPromise(
        [ActorNameTakenError, InfeasibleResourcesError, SerializationError, TaskError],
        () => spawnPromise(Class, ...args),
      ),
    ),
  );
}

/**
 * `spawn`, and `kill` (for good) when the scope closes.
 *
 * @example
 * const total = yield* Effect.scoped(Effect.gen(function* () {
 *   const counter = yield* spawnScoped(Counter);
 *   return yield* call(() => counter.add(2)); // 2; the counter is killed after
 * }));
 */
export function spawnScoped<C extends ActorClass>(
  Class: C,
  ...args: SpawnArgs<C>
): Effect.Effect<ActorHandle<InstanceType<C>>, SpawnError, Rayx | Scope.Scope> {
  return Effect.acquireRelease(spawn(Class, ...args), (handle) =>
    // The actor may be gone already (killed, or dead after its restarts): nothing to release.
    Effect.promise(() => killPromise(handle).catch(() => undefined)),
  );
}

/**
 * Calls an actor method when the effect runs (`send` makes the call: a function
 * returning the handle method's ref) and succeeds with its result. A method that
 * threw fails with `TaskError`; a dead actor with `ActorDiedError`. Interruption
 * stops the wait only: the call stays in the actor's log and runs.
 *
 * @example
 * const counter = yield* spawn(Counter);
 * const count = yield* call(() => counter.add(1)); // 1
 */
export function call<T>(send: () => ObjectRef<T>): Effect.Effect<T, CallError, Rayx> {
  return withRayx(
    fromPromise([...GET_FAILURES, SerializationError, MailboxFullError], () => getPromise(send())),
  );
}

/**
 * The handle of the live actor registered as `name`; fails with `ActorNotFoundError`.
 *
 * @example
 * const counter = yield* getActor<Counter>("counter");
 */
export function getActor<T>(
  name: string,
  options?: { readonly namespace?: string },
): Effect.Effect<ActorHandle<T>, ActorNotFoundError, Rayx> {
  return withRayx(fromPromise([ActorNotFoundError], () => getActorPromise<T>(name, options)));
}

/**
 * Stops an actor: for good (`noRestart`, the default), or as a crash its supervisor
 * repairs (`noRestart: false`). Fails with `ActorNotFoundError` for an unknown actor.
 *
 * @example
 * yield* kill(counter, { noRestart: false }); // rebuilt from its call log
 */
export function kill(
  handle: ActorHandle<unknown>,
  options?: { readonly noRestart?: boolean },
): Effect.Effect<void, ActorNotFoundError, Rayx> {
  return withRayx(fromPromise([ActorNotFoundError], () => killPromise(handle, options)));
}

/**
 * What the runtime knows of an actor (a handle, its id or its name); fails with
 * `ActorNotFoundError` for an unknown one.
 *
 * @example
 * const { state, restarts } = yield* inspect(counter);
 */
export function inspect(
  target: ActorHandle<unknown> | string,
): Effect.Effect<ActorInfo, ActorNotFoundError, Rayx> {
  return withRayx(fromPromise([ActorNotFoundError], () => inspectPromise(target)));
}
