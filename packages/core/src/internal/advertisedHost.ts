/**
 * The host other processes reach a server at. A server bound to every interface
 * (`0.0.0.0` / `::`) cannot be reached at that address from another host, so it is
 * advertised at this host's first external IPv4 (or its hostname when it has none);
 * any other bound host is advertised as it is.
 */
import { hostname, networkInterfaces } from "node:os";

export function advertisedHost(host: string): string {
  if (host !== "0.0.0.0" && host !== "::") return host;
  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i !== undefined && i.family === "IPv4" && !i.internal);
  return external?.address ?? hostname();
}
