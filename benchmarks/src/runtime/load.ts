/**
 * How the throughput suites (tasks, actors; transport for `rates` and `figureOf`) drive
 * their subjects, as Ray's microbenchmark does — `oneByOne` awaits each call before the
 * next ("sync"), `allInFlight` issues every call first and then awaits them all
 * ("async") — and turn the interleaved rounds' median times into each subject's
 * operations per second.
 */
import { interleavedTimes } from "../measure.js";
import type { Cleanup } from "../measure.js";
import type { Figure, Row, Target } from "../Suite.js";

const ITERATIONS = 5;

/** A timed body, as `interleavedTimes` takes it. */
type Body = () => Promise<Cleanup> | Cleanup;

/** The subject names the runtime suites share. */
export const RAYX = "rayx";
export const IPC = "child-process IPC round trip (limit)";

export async function oneByOne(count: number, call: () => PromiseLike<unknown>): Promise<void> {
  for (let i = 0; i < count; i++) await call();
}

export async function allInFlight(count: number, call: () => PromiseLike<unknown>): Promise<void> {
  const replies = new Array<PromiseLike<unknown>>(count);
  for (let i = 0; i < count; i++) replies[i] = call();
  await Promise.all(replies);
}

/**
 * Each subject's operations per second: every body performs `ops` operations (or its
 * own count, as `[ops, body]`), timed in interleaved rounds (median of 5 after 1 warm-up).
 */
export async function rates(
  ops: number,
  bodies: Readonly<Record<string, Body | readonly [number, Body]>>,
): Promise<Record<string, number>> {
  const entries = Object.entries(bodies).map(
    ([name, body]) => [name, typeof body === "function" ? ([ops, body] as const) : body] as const,
  );
  const times = await interleavedTimes(
    Object.fromEntries(entries.map(([name, [, body]]) => [name, body])),
    { iterations: ITERATIONS },
  );
  return Object.fromEntries(
    entries.map(([name, [count]]) => [name, count / (times[name]! / 1000)]),
  );
}

/** A subject's figure from `rates`' result (`null` when it was not measured). */
export function figureOf(figures: Record<string, number>, subject: string, note?: string): Figure {
  return { subject, value: figures[subject] ?? null, ...(note === undefined ? {} : { note }) };
}

/** The rounds behind every `rates` figure, for the suites' notes. */
export const ROUNDS_NOTE = `median of ${ITERATIONS} interleaved rounds (shuffled order) after 1 warm-up`;

/**
 * A throughput target: met when rayx reaches `floor` ops/s (`ray` = Ray's published
 * figure, for the description) and at least `peer`'s figure of the same run.
 */
export function floorAndPeer(
  figures: Record<string, number>,
  floor: number,
  ray: number,
  peer: string,
  peerLabel: string,
): Target {
  const value = figures[RAYX] ?? 0;
  return {
    description: `≥ ${floor.toLocaleString("en")}/s (${Math.round(floor / ray)}× Ray) and ≥ ${peerLabel}`,
    met: value >= floor && value >= (figures[peer] ?? Infinity),
  };
}

/** A row of ops/s: rayx's figure from `figures`, then the peers, then the target if any. */
export function rateRow(
  metric: string,
  unit: string,
  figures: Record<string, number>,
  peers: readonly Figure[],
  target?: Target,
): Row {
  return {
    metric,
    unit,
    higherIsBetter: true,
    rayx: figureOf(figures, RAYX),
    peers,
    ...(target === undefined ? {} : { target }),
  };
}
