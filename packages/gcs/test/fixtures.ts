/**
 * Records and temp stores shared by the gcs tests. Every store made here lives in a
 * fresh temp dir that `cleanup` removes, even when the test failed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ActorInfo, CallLogEntry, NodeInfo } from "@rayx/gcs";

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "rayx-gcs-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function actor(actorId: string, overrides: Partial<ActorInfo> = {}): ActorInfo {
  return {
    actorId,
    jobId: "job-1",
    className: "Counter",
    module: "file:///app/counter.ts",
    ownerId: "driver-1",
    state: "alive",
    restarts: 0,
    maxRestarts: 3,
    namespace: "default",
    updatedAt: 1_700_000_000_000,
    ...overrides,
  };
}

export function node(nodeId: string, overrides: Partial<NodeInfo> = {}): NodeInfo {
  return {
    nodeId,
    address: "ws://127.0.0.1:6380",
    hostname: "host-a",
    pid: 1234,
    resources: { cpu: 2 },
    state: "alive",
    startedAt: 1_700_000_000_000,
    lastHeartbeatAt: 1_700_000_000_500,
    ...overrides,
  };
}

/** Call `seq` of a counter: method "add", args = the seq's 4 bytes. */
export function call(seq: number): CallLogEntry {
  const args = new Uint8Array(4);
  new DataView(args.buffer).setUint32(0, seq);
  return { seq, method: "add", args, argRefs: [], nested: [] };
}
