/**
 * `RayxLive`: the layer that starts the runtime when a program needs it and shuts
 * it down when the program's scope closes, whether the program succeeded, failed
 * or was interrupted.
 */
import { Effect, Layer } from "effect";
import {
  InvalidArgumentError,
  RuntimeStateError,
  WorkerStartError,
  init,
  shutdown,
} from "../../index.js";
import type { InitOptions } from "../../index.js";
import { fromPromise } from "./fromPromise.js";
import { Rayx } from "./Rayx.js";

/**
 * Provides `Rayx`: acquires `init(options)` and releases with `shutdown()`. Starting
 * fails with `InvalidArgumentError` (bad options), `RuntimeStateError` (a runtime with
 * other options is running) or `WorkerStartError`. The runtime is the driver's one
 * runtime: provide one `RayxLive` per program, not one per operation.
 *
 * @example
 * const program = Effect.gen(function* () {
 *   return yield* remote(square, 4);
 * });
 * await Effect.runPromise(Effect.provide(program, RayxLive({ numWorkers: 2 }))); // 16
 */
export function RayxLive(
  options: InitOptions = {},
): Layer.Layer<Rayx, InvalidArgumentError | RuntimeStateError | WorkerStartError> {
  return Layer.effect(
    Rayx,
    Effect.acquireRelease(
      fromPromise([InvalidArgumentError, RuntimeStateError, WorkerStartError], () => init(options)),
      () => Effect.promise(() => shutdown()),
    ),
  );
}
