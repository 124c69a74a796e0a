/**
 * The multi-host test bed: N hosts (`Host`), each with one address on 10.77.0.0/24,
 * plugged by a veth pair into a bridge that lives in a switch namespace of its own.
 * No interface is added to the test machine's network namespace, so traffic between
 * hosts stays inside the bed. `close()` kills every host and the switch; the kernel
 * then drops their processes, veths and mounts (it does so too if the test process dies).
 */
import { execFileSync } from "node:child_process";
import { Host } from "./Host.js";

/** The bed's subnet; host i (from 0) is at 10.77.0.(i+1). */
const SUBNET = "10.77.0";

export interface BedHost {
  readonly host: Host;
  /** Its IPv4 address on the bed. */
  readonly address: string;
}

export interface HostBed {
  /** The hosts, by name, in the order given. */
  readonly hosts: ReadonlyMap<string, BedHost>;
  /** The host named `name`; throws for an unknown name. */
  host(name: string): BedHost;
  /** Kills every host and the switch; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Throws, saying what is missing, unless this process can build the bed: root (for
 * namespaces and mounts) and `unshare`, `nsenter` and `ip` on PATH.
 */
export function assertHostBedSupported(): void {
  if (process.getuid?.() !== 0) {
    throw new Error(
      "the multi-host test bed needs root (network, mount and PID namespaces): run it as root, as CI does",
    );
  }
  for (const tool of ["unshare", "nsenter", "ip"]) {
    try {
      execFileSync(tool, ["-V"], { stdio: "ignore" });
    } catch {
      throw new Error(
        `the multi-host test bed needs \`${tool}\` on PATH (Debian: apt-get install util-linux iproute2)`,
      );
    }
  }
}

export interface HostBedOptions {
  /** One hostname for every host, as on machines cloned from one image; default each host's name. */
  readonly hostname?: string;
}

/** Starts the switch and one host per name, wired and addressed; on a failure, what started is killed. */
export async function createHostBed(
  names: readonly string[],
  options: HostBedOptions = {},
): Promise<HostBed> {
  assertHostBedSupported();
  if (names.length === 0 || names.length > 250 || new Set(names).size !== names.length) {
    throw new Error(`createHostBed: give 1 to 250 distinct host names, not [${names.join(", ")}]`);
  }
  const started: Host[] = [];
  const hosts = new Map<string, BedHost>();
  const close = async () => {
    await Promise.all(started.splice(0).map((host) => host.kill()));
  };
  try {
    const bridge = await Host.start({ name: "switch", machine: false });
    started.push(bridge);
    await bridge.must(["ip", "link", "add", "br0", "type", "bridge"]);
    await bridge.must(["ip", "link", "set", "br0", "up"]);
    for (const [i, name] of names.entries()) {
      const host = await Host.start({
        name,
        ...(options.hostname === undefined ? {} : { hostname: options.hostname }),
      });
      started.push(host);
      const address = `${SUBNET}.${i + 1}`;
      const port = `port${i}`;
      await bridge.must(
        ["ip", "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns"].concat(
          String(host.pid),
        ),
      );
      await bridge.must(["ip", "link", "set", port, "master", "br0", "up"]);
      await host.must(["ip", "addr", "add", `${address}/24`, "dev", "eth0"]);
      await host.must(["ip", "link", "set", "eth0", "up"]);
      hosts.set(name, { host, address });
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    hosts,
    host(name) {
      const found = hosts.get(name);
      if (found === undefined) throw new Error(`the test bed has no host '${name}'`);
      return found;
    },
    close,
  };
}
