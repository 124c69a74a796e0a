/**
 * A joined node in its own process (what `rayx start --address` runs):
 * `joinNode.ts <address> <JSON JoinNodeOptions without address>`; prints
 * `{ nodeId, pid }` once it is in, and exits when it stops.
 */
import { startNode } from "@rayx/core/node";
import type { JoinNodeOptions } from "@rayx/core/node";

const options = JSON.parse(process.argv[3] ?? "{}") as Omit<JoinNodeOptions, "address">;
const node = await startNode({ address: process.argv[2] as string, ...options });
process.stdout.write(`${JSON.stringify({ nodeId: node.nodeId, pid: process.pid })}\n`);
await node.stopped;
process.exit(0);
