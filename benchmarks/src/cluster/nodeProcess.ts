/**
 * A node of the cluster suite in its own process: `startNode` with the JSON options
 * of argv[2] (a head with `head: true`, else a node joining `address`), prints
 * `{ nodeId, address, pid, sessionDir }` as one JSON line once it runs, and stops on
 * SIGTERM. Its workers' output goes to its session dir's logs, not to the bench.
 */
import { startNode } from "@rayx/core/node";
import type { HeadNodeOptions, JoinNodeOptions } from "@rayx/core/node";

const options = JSON.parse(process.argv[2] ?? "{}") as HeadNodeOptions | JoinNodeOptions;
const node = await startNode(options);
process.stdout.write(
  `${JSON.stringify({
    nodeId: node.nodeId,
    address: node.address,
    pid: process.pid,
    sessionDir: node.sessionDir,
  })}\n`,
);
process.once("SIGTERM", () => void node.stop());
await node.stopped;
process.exit(0);
