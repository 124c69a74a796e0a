/**
 * The process `rayx start` leaves running: a node (`startNode` of `@rayx/core/node`)
 * started from the options in `RAYX_DAEMON_OPTIONS`, detached from the terminal. It
 * tells its parent over IPC that it is ready (or why it failed), then lives until
 * SIGTERM/SIGINT (a graceful stop) or, for a joined node, until its head is gone.
 */
import { startNode } from "@rayx/core/node";
import type { HeadNodeOptions, JoinNodeOptions } from "@rayx/core/node";
import { DAEMON_OPTIONS_ENV, type DaemonReport } from "./daemonReport.js";

const report = (message: DaemonReport) =>
  new Promise<void>((resolve) => {
    if (process.send === undefined) resolve();
    else process.send(message, () => resolve());
  });

async function main(): Promise<void> {
  const options = JSON.parse(process.env[DAEMON_OPTIONS_ENV] ?? "null") as
    HeadNodeOptions | JoinNodeOptions | null;
  if (options === null) {
    console.error(`rayx nodeDaemon is started by \`rayx start\` (${DAEMON_OPTIONS_ENV} is unset)`);
    process.exit(2);
  }
  let node;
  try {
    node = await startNode(options);
  } catch (error) {
    await report({ failed: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
  const running = node;
  const stop = () => {
    void running.stop().finally(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  void running.stopped.then(() => process.exit(0));
  console.log(`rayx ${running.nodeId} at ${running.address} (pid ${process.pid})`);
  await report({
    ready: {
      nodeId: running.nodeId,
      address: running.address,
      sessionDir: running.sessionDir,
      ...(running.dashboardUrl === undefined ? {} : { dashboardUrl: running.dashboardUrl }),
    },
  });
  if (process.connected) process.disconnect();
}

await main();
