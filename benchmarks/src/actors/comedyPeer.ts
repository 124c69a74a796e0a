/**
 * comedy, the actors suite's peer: forked-process actors (one OS process per actor,
 * Node IPC between them) driven with `sendAndReceive`, the counterpart of an awaited
 * rayx call. comedy has no call log, so it does less work per call than rayx.
 */
import { createSystem } from "comedy";
import type { ActorRef, ActorSystem } from "comedy";

export interface ComedyPeer {
  /** A fresh forked actor. */
  spawn(): Promise<ActorRef>;
  /** One awaited call of `method` on `actor`. */
  call(actor: ActorRef, method: "add" | "addText", arg: number | string): Promise<number>;
  close(): Promise<void>;
}

/** Starts a comedy actor system with only errors logged. */
export async function startComedy(): Promise<ComedyPeer> {
  const system: ActorSystem = createSystem({
    config: {},
    loggerConfig: { categories: { Default: "Error" } },
  });
  const root = await system.rootActor();
  // Imported by URL: a plain .mjs module has no types for a static import.
  const { ComedyCounter } = (await import(
    new URL("./ComedyCounter.mjs", import.meta.url).href
  )) as { ComedyCounter: object };
  return {
    spawn: () => root.createChild(ComedyCounter, { mode: "forked" }),
    call: (actor, method, arg) => actor.sendAndReceive(method, arg) as Promise<number>,
    close: () => system.destroy(),
  };
}
