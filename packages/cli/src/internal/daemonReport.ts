/**
 * What `rayx start` and the node daemon it forks (`nodeDaemon.ts`) say to each
 * other: the `startNode` options go in through the environment, and one IPC
 * message comes back once the node is up or could not start.
 */

/** The environment variable carrying the daemon's `startNode` options (JSON). */
export const DAEMON_OPTIONS_ENV = "RAYX_DAEMON_OPTIONS";

/** What the daemon tells `rayx start` once it is up (or could not start). */
export type DaemonReport =
  | {
      readonly ready: {
        nodeId: string;
        address: string;
        sessionDir: string;
        dashboardUrl?: string;
      };
    }
  | { readonly failed: string };
