/**
 * How a joined node and a driver get back to a head that went away (it crashed and
 * is being restarted on its storage dir, it restarts after an upgrade): attempts
 * spaced by an Effect `Schedule` — exponential from 100 ms, each wait capped at 1 s,
 * so a head that is back is found within about a second — until a deadline
 * (`RAYX_RECONNECT_MS`, 60 s by default), after which the last failure stands.
 */
import * as Duration from "effect/Duration";
import * as Effect from "effect/Effect";
import * as Schedule from "effect/Schedule";
import { msFromEnv } from "../nodeLink.js";

/** How long nodes and drivers keep trying to reach a head that went away, in ms; defaults to 60,000. */
export const RECONNECT_MS_ENV = "RAYX_RECONNECT_MS";
const DEFAULT_RECONNECT_MS = 60_000;
/** The longest wait between two attempts. */
const MAX_DELAY = Duration.seconds(1);

/** The deadline of `reconnect`, from `RAYX_RECONNECT_MS`. */
export function reconnectWithinMs(): number {
  return msFromEnv(RECONNECT_MS_ENV, DEFAULT_RECONNECT_MS);
}

/**
 * Runs `attempt` until it resolves, waiting between failures as the schedule says, for
 * at most `withinMs` (default `reconnectWithinMs()`); rejects with the last failure
 * after that, or at once when `signal` aborts.
 *
 * @example
 * const socket = await reconnect(() => open(address), { signal: stopping.signal });
 */
export function reconnect<T>(
  attempt: () => Promise<T>,
  options: { readonly withinMs?: number; readonly signal?: AbortSignal } = {},
): Promise<T> {
  const schedule = Schedule.exponential("100 millis", 2).pipe(
    Schedule.modifyDelay(({ duration }) => Effect.succeed(Duration.min(duration, MAX_DELAY))),
    Schedule.upTo({ duration: Duration.millis(options.withinMs ?? reconnectWithinMs()) }),
  );
  const once = Effect.tryPromise({ try: attempt, catch: (error) => error });
  return Effect.runPromise(
    Effect.retry(once, schedule),
    options.signal === undefined ? undefined : { signal: options.signal },
  );
}
