/**
 * @rayx/core/effect — the Effect-native face of the rayx API. The same operations
 * as `@rayx/core`, returning `Effect`s: the rayx errors each operation documents
 * are typed failures (narrowed per operation; `catchTag` works on their `name`),
 * anything else is a defect. `RayxLive` provides the `Rayx` runtime for a scope.
 * The error classes and `task`/`@actor` themselves come from `@rayx/core`.
 */
export { Rayx } from "./internal/effect/Rayx.js";
export { RayxLive } from "./internal/effect/RayxLive.js";
export { cancel, get, put, remote, wait } from "./internal/effect/objects.js";
export type { GetError, RemoteError } from "./internal/effect/objects.js";
export { call, getActor, inspect, kill, spawn, spawnScoped } from "./internal/effect/actors.js";
export type { CallError, SpawnError } from "./internal/effect/actors.js";
