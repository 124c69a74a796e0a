/**
 * A head node in its own process (what `rayx start --head` runs), so that a scenario
 * can `kill -9` it: `headNode.ts <JSON HeadNodeOptions without head>`; prints
 * `{ nodeId, pid, address }` once it serves, and exits when it stops.
 */
import { startNode } from "@rayx/core/node";
import type { HeadNodeOptions } from "@rayx/core/node";

const options = JSON.parse(process.argv[2] ?? "{}") as Omit<HeadNodeOptions, "head">;
const node = await startNode({ head: true, ...options });
const { nodeId, address } = node;
process.stdout.write(`${JSON.stringify({ nodeId, pid: process.pid, address })}\n`);
await node.stopped;
process.exit(0);
