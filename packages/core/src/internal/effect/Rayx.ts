/**
 * `Rayx`: the Effect service that stands for a running rayx runtime. Every operation
 * of `@rayx/core/effect` requires it, so a program cannot run without a runtime;
 * `RayxLive` provides it for the lifetime of a scope.
 */
import { Context, Effect } from "effect";
import type { Runtime } from "../../index.js";

/**
 * The running runtime (`init()`'s `Runtime`: namespace, session dir, node and job
 * ids, worker pids).
 *
 * @example
 * const program = Effect.gen(function* () {
 *   const runtime = yield* Rayx;
 *   return runtime.workerPids().length;
 * });
 * await Effect.runPromise(Effect.provide(program, RayxLive({ numWorkers: 2 }))); // 2
 */
export class Rayx extends Context.Service<Rayx, Runtime>()("@rayx/core/Rayx") {}

/** `effect`, requiring `Rayx`: an operation of the Effect face runs only where a runtime is provided. */
export function withRayx<A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, E, Rayx> {
  return Effect.flatMap(Rayx, () => effect);
}
