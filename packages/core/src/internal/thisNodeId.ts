/**
 * The id of the node this process manages (a head's or embedded node manager, or a
 * joined node's agent): `node-<hostname>-<pid>-<random>`. Host name and pid alone
 * are not unique in a cluster: cloned machines share a host name, and in containers
 * (PID namespaces) every node's daemon tends to get the same small pid. Its workers
 * read it from `NODE_ID_ENV`.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

let id: string | undefined;

export function thisNodeId(): string {
  id ??= `node-${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  return id;
}
