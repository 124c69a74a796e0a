/**
 * Restarting actors through the running cluster, as `rayx kill` and `rayx restart`
 * do: each is crashed by the runtime (`kill(id, { noRestart: false })`), its
 * supervisor rebuilds it on a live worker from its snapshot and call log, and this
 * waits until every actor watched is alive again with one more restart (or dead,
 * when its restarts ran out). What changed is reported per actor.
 */
import type * as Core from "@rayx/core";
import type { ActorInfo } from "@rayx/core";
import { OperationTimeoutError } from "../errors.js";

/** An actor's place and restart count at one moment. */
export interface ActorMoment {
  readonly state: string;
  readonly restarts: number;
  readonly pid?: number;
  readonly nodeId?: string;
}

/** What a restart (or a kill) did to one actor. */
export interface ActorChange {
  readonly actorId: string;
  readonly name?: string;
  readonly className: string;
  readonly before: ActorMoment;
  readonly after: ActorMoment;
  /** Logged calls it has after (its rebuild replays those after its latest snapshot). */
  readonly logLength: number;
}

export interface RestartOptions {
  /** The actors to crash; the others watched are expected to restart with them (their supervisor's strategy). */
  readonly crash: readonly string[];
  /** Every actor to wait for; defaults to `crash`. */
  readonly watch?: readonly string[];
  readonly timeoutMs: number;
  /** Told which actor is awaited, for a progress line. */
  readonly waiting?: (actorId: string) => void;
}

const POLL_MS = 50;

/** Crashes `crash`, then waits until each watched actor is rebuilt; resolves what changed. */
export async function restartActors(
  core: typeof Core,
  options: RestartOptions,
): Promise<ActorChange[]> {
  const watch = options.watch ?? options.crash;
  const before = new Map<string, ActorInfo>();
  for (const id of watch) before.set(id, await core.inspect(id));
  for (const id of options.crash) await core.kill(id, { noRestart: false });
  const deadline = Date.now() + options.timeoutMs;
  const changes: ActorChange[] = [];
  for (const [id, old] of before) {
    options.waiting?.(id);
    for (;;) {
      const now = await core.inspect(id);
      const rebuilt = now.restarts > old.restarts && now.state === "alive";
      if (rebuilt || now.state === "dead") {
        changes.push(changeOf(old, now));
        break;
      }
      if (Date.now() > deadline) {
        throw new OperationTimeoutError(
          `actor ${id} to be rebuilt (it is ${now.state}, restarts ${now.restarts})`,
          options.timeoutMs,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
  return changes;
}

/** Stops an actor for good; resolves what changed (its state is `dead` after). */
export async function stopActor(core: typeof Core, actorId: string): Promise<ActorChange> {
  const old = await core.inspect(actorId);
  await core.kill(actorId, { noRestart: true });
  return changeOf(old, await core.inspect(actorId));
}

function changeOf(old: ActorInfo, now: ActorInfo): ActorChange {
  return {
    actorId: old.actorId,
    ...(old.name === undefined ? {} : { name: old.name }),
    className: old.className,
    before: momentOf(old),
    after: momentOf(now),
    logLength: now.logLength,
  };
}

function momentOf(info: ActorInfo): ActorMoment {
  return {
    state: info.state,
    restarts: info.restarts,
    ...(info.pid === undefined ? {} : { pid: info.pid }),
    ...(info.nodeId === undefined ? {} : { nodeId: info.nodeId }),
  };
}

/** One line per change: `counter (Counter-1-42): pid 101 → 202 on n1, restarts 1 → 2, call log 5 calls`. */
export function formatChange(change: ActorChange): string {
  const label = change.name === undefined ? change.actorId : `${change.name} (${change.actorId})`;
  const { before, after } = change;
  if (after.state !== "alive") {
    return `${label}: ${before.state} → ${after.state} (was pid ${before.pid ?? "-"}, restarts ${before.restarts})`;
  }
  const node = after.nodeId === undefined ? "" : ` on ${after.nodeId}`;
  const calls = change.logLength === 1 ? "1 call" : `${change.logLength} calls`;
  return (
    `${label}: pid ${before.pid ?? "-"} → ${after.pid ?? "-"}${node}, ` +
    `restarts ${before.restarts} → ${after.restarts}, call log ${calls}`
  );
}
