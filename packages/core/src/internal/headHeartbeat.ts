/**
 * The head's own heartbeat round: once per ping interval (`RAYX_NODE_PING_MS`, 1 s
 * by default — the round in which it pings its joined nodes) it rewrites its node
 * record with the time and what runs on it holds of its resources, so `rayx status`
 * shows resources used/total for the head as for the joined nodes. The head holds
 * its record (with the endpoint's address once it has one), so a round only writes.
 */
import type { Gcs, NodeInfo } from "@rayx/gcs";
import { msFromEnv, NODE_PING_MS_ENV } from "./nodeLink.js";
import type { Resources } from "./ResourcePool.js";

/** Starts the rounds; the returned function stops them and resolves once the last write ended. */
export function startHeadHeartbeat(
  gcs: Gcs,
  record: () => NodeInfo,
  used: () => Resources,
): () => Promise<void> {
  let writing: Promise<void> = Promise.resolve();
  const round = (): Promise<void> =>
    gcs.putNode({ ...record(), lastHeartbeatAt: Date.now(), resourcesUsed: used() });
  const timer = setInterval(
    () => {
      writing = writing.then(round).catch(() => undefined);
    },
    msFromEnv(NODE_PING_MS_ENV, 1_000),
  );
  timer.unref();
  return () => {
    clearInterval(timer);
    return writing;
  };
}
