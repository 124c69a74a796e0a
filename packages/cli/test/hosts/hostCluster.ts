/**
 * A rayx cluster on the multi-host test bed, started the way an operator does on real
 * machines: `rayx start --head --host <its address>` on one host (which makes a token,
 * kept in that host's own `/tmp/rayx/token`), then `rayx start --address ws://… --host
 * <own address>` with `RAYX_TOKEN` on each other host, each under its host's default
 * storage dir. Stopping the cluster is closing the bed (every host's processes die).
 */
import type { StartedNode } from "../fixtures/liveCluster.js";
import { rayxCommand } from "../integration/runRayx.js";
import type { BedHost, HostBed } from "./hostBed.js";

/** The head's port on its host. */
const HEAD_PORT = 6380;

/** A node to start on a host of the bed. */
export interface HostNodeOptions {
  /** The bed host to start it on. */
  readonly host: string;
  readonly numWorkers: number;
  /** Custom resources; default none. */
  readonly resources?: Readonly<Record<string, number>>;
}

/** A node of the cluster and the bed host it runs on. */
export interface HostNode extends StartedNode {
  readonly on: BedHost;
}

export interface HostCluster {
  readonly head: HostNode;
  /** The joined nodes, in the order given. */
  readonly nodes: readonly HostNode[];
  /** The head's `ws://` address on the bed. */
  readonly address: string;
  /** The token the head made; drivers and nodes pass it as `RAYX_TOKEN`. */
  readonly token: string;
  /** Runs `rayx args` on `host` against the cluster (`--address`, `RAYX_TOKEN` set). */
  rayx(host: BedHost, args: readonly string[]): ReturnType<BedHost["host"]["run"]>;
}

/** `rayx start … --json` on `on`, parsed; throws with its stderr if it fails. */
async function start(
  on: BedHost,
  args: readonly string[],
  env: Record<string, string>,
): Promise<HostNode> {
  const started = await on.host.run(rayxCommand(["start", ...args, "--json"]), env);
  if (started.code !== 0) {
    throw new Error(
      `rayx start on host ${on.host.name} exited ${started.code}: ${started.stderr.trim()}`,
    );
  }
  return { ...(JSON.parse(started.stdout) as StartedNode), on };
}

/** Starts the head on `head` and each node of `nodes` on its host, one after the other. */
export async function startHostCluster(
  bed: HostBed,
  head: Omit<HostNodeOptions, "resources">,
  nodes: readonly HostNodeOptions[],
): Promise<HostCluster> {
  const headHost = bed.host(head.host);
  const headNode = await start(
    headHost,
    [
      ...["--head", "--host", headHost.address, "--port", String(HEAD_PORT)],
      ...["--no-dashboard", "--num-workers", String(head.numWorkers)],
    ],
    {},
  );
  const token = (await headHost.host.must(["cat", "/tmp/rayx/token"])).trim();
  const address = headNode.address;
  const joined: HostNode[] = [];
  for (const node of nodes) {
    const on = bed.host(node.host);
    joined.push(
      await start(
        on,
        [
          ...["--address", address, "--host", on.address],
          ...["--num-workers", String(node.numWorkers)],
          ...["--resources", JSON.stringify(node.resources ?? {})],
        ],
        { RAYX_TOKEN: token },
      ),
    );
  }
  return {
    head: headNode,
    nodes: joined,
    address,
    token,
    rayx: (on, args) =>
      on.host.run(rayxCommand(["--address", address, ...args]), { RAYX_TOKEN: token }),
  };
}
