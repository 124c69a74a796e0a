/**
 * The load generator and the killer of a chaos run. `runLoad` keeps `lanes` calls
 * in flight (lane i calls counter i mod n), each an increment with a fresh token
 * noted in the ledger, until the deadline; then it waits for every call it sent to
 * settle. `runKiller` picks a victim every 2–4 s (a random pause) and kills it.
 */
import type { ActorHandle } from "@rayx/core";
import type { TokenCounter } from "./counters.js";
import type { CallNotes, Ledger } from "./Ledger.js";

/** A lane that was just rejected waits this long before its next call (a dead actor rejects at once). */
const BACKOFF_MS = 50;

export interface LoadOptions {
  readonly counters: readonly ActorHandle<TokenCounter>[];
  readonly lanes: number;
  readonly ledger: CallNotes;
  /** No call is sent after this time (ms, `Date.now()`). */
  readonly until: number;
}

export async function runLoad(options: LoadOptions): Promise<void> {
  const { counters, lanes, ledger, until } = options;
  const lane = async (index: number) => {
    const counter = index % counters.length;
    const handle = counters[counter] as ActorHandle<TokenCounter>;
    while (Date.now() < until) {
      const token = ledger.send(counter, Date.now());
      try {
        await handle.add(token);
        ledger.settle(token, "ok", Date.now());
      } catch (error) {
        ledger.settle(token, (error as Error).name, Date.now());
        await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS));
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, (_, i) => lane(i)));
}

/** One kill of a chaos run: when, and what the victim took with it. */
export interface Kill {
  readonly at: number;
  readonly victim: string;
  /** Counters hosted by the victim (their recovery is timed). */
  readonly counters: ReadonlySet<number>;
}

export interface KillerOptions {
  readonly until: number;
  /** Kills one victim; resolves with what it killed, or `undefined` when there was nothing to kill. */
  readonly kill: () => Promise<Kill | undefined>;
  /** Shortest and longest pause between kills, ms. Defaults to 2,000 and 4,000. */
  readonly pauseMs?: readonly [number, number];
}

/** Kills a victim every pause until `until`; resolves with the kills made. */
export async function runKiller(options: KillerOptions): Promise<Kill[]> {
  const [shortest, longest] = options.pauseMs ?? [2_000, 4_000];
  const kills: Kill[] = [];
  for (;;) {
    const pause = shortest + Math.random() * (longest - shortest);
    if (Date.now() + pause >= options.until) return kills;
    await new Promise((resolve) => setTimeout(resolve, pause));
    const kill = await options.kill();
    if (kill !== undefined) kills.push(kill);
  }
}

/**
 * Ms from each kill until every counter it took down acknowledged a call sent after
 * the kill (kills that took no counter down are left out).
 */
export function recoveryTimes(kills: readonly Kill[], ledger: Ledger): number[] {
  const times: number[] = [];
  for (const kill of kills) {
    if (kill.counters.size === 0) continue;
    let last = kill.at;
    for (const counter of kill.counters) {
      last = Math.max(last, ledger.firstAckAfter(counter, kill.at) ?? Infinity);
    }
    if (Number.isFinite(last)) times.push(last - kill.at);
  }
  return times;
}
