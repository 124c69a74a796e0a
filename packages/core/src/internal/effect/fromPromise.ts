/**
 * `fromPromise` (and `fromSync`): the bridge from the promise API to the Effect face.
 * They sort what a call throws or rejects with into typed failures (the rayx errors
 * the operation documents) and defects (everything else: bugs and misuse).
 */
import { Effect } from "effect";

/** A class of error an operation may fail with; matched with `instanceof`. */
export type ErrorClass = abstract new (...args: never[]) => Error;

type Failure<C extends readonly ErrorClass[]> = InstanceType<C[number]>;

/** What interruption of the returned effect does besides stopping the wait. */
export interface FromPromiseOptions {
  /** Runs once when the effect is interrupted while the promise is pending; defaults to nothing. */
  readonly onInterrupt?: () => Promise<unknown>;
}

function settle<C extends readonly ErrorClass[]>(
  expected: C,
  error: unknown,
): Effect.Effect<never, Failure<C>> {
  return expected.some((Class) => error instanceof Class)
    ? Effect.fail(error as Failure<C>)
    : Effect.die(error);
}

/**
 * An effect that calls `start` when it runs and succeeds with what its promise
 * resolves to. A throw or rejection that is an instance of one of `expected` is a
 * typed failure; any other is a defect.
 */
export function fromPromise<A, const C extends readonly ErrorClass[]>(
  expected: C,
  start: () => Promise<A>,
  options: FromPromiseOptions = {},
): Effect.Effect<A, Failure<C>> {
  return Effect.callback<A, Failure<C>>((resume) => {
    let pending: Promise<A>;
    try {
      pending = start();
    } catch (error) {
      resume(settle(expected, error));
      return;
    }
    pending.then(
      (value) => resume(Effect.succeed(value)),
      (error: unknown) => resume(settle(expected, error)),
    );
    const { onInterrupt } = options;
    if (onInterrupt === undefined) return;
    // A failing clean-up must not turn an interruption into a defect.
    return Effect.promise(() => onInterrupt().catch(() => undefined));
  });
}

/**
 * `fromPromise` for a synchronous call. Its result is never awaited, so it may be
 * a thenable (an `ObjectRef`) that must stay a value.
 */
export function fromSync<A, const C extends readonly ErrorClass[]>(
  expected: C,
  run: () => A,
): Effect.Effect<A, Failure<C>> {
  return Effect.suspend(() => {
    try {
      return Effect.succeed(run());
    } catch (error) {
      return settle(expected, error);
    }
  });
}
