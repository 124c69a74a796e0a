/**
 * `npm run hosts -- [N]`: brings up the multi-host test bed by hand — a head and N
 * joined nodes (default 2), each on a host of its own, plus an empty `driver` host —
 * prints how to enter each host and reach the cluster, and tears everything down on
 * Ctrl-C (or SIGTERM). Needs root, like the tests that use the bed.
 */
import { createHostBed } from "./hostBed.js";
import { REPO } from "./Host.js";
import { startHostCluster } from "./hostCluster.js";

const count = Number(process.argv[2] ?? 2);
if (!Number.isInteger(count) || count < 1 || count > 100) {
  console.error(
    `usage: npm run hosts -- [N]  (N joined nodes, 1 to 100; not '${process.argv[2]}')`,
  );
  process.exit(2);
}
const nodeHosts = Array.from({ length: count }, (_, i) => `node${i + 1}`);
const bed = await createHostBed(["head", ...nodeHosts, "driver"]);
const done = new Promise<void>((resolve) => {
  process.once("SIGINT", resolve);
  process.once("SIGTERM", resolve);
});
try {
  const cluster = await startHostCluster(
    bed,
    { host: "head", numWorkers: 1 },
    nodeHosts.map((host) => ({ host, numWorkers: 1, resources: { [host]: 1 } })),
  );
  const ids = new Map([cluster.head, ...cluster.nodes].map((n) => [n.on.host.name, n.nodeId]));
  for (const { host, address } of bed.hosts.values()) {
    console.log(
      `${host.name.padEnd(8)} ${address.padEnd(11)} ${ids.get(host.name) ?? "(no node)"}`,
    );
    console.log(`  enter: nsenter -t ${host.pid} -n -m -u -p --wd=${REPO} bash`);
  }
  console.log(`\nRAYX_ADDRESS=${cluster.address} RAYX_TOKEN=${cluster.token}`);
  console.log("Ctrl-C tears the hosts down.");
  await done;
} finally {
  await bed.close();
}
