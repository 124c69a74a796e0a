/**
 * A node's id: its host name and the pid of its node manager (the head's or a joined
 * node's agent). A worker, whose parent is that process, names its node from its ppid.
 */
import { hostname } from "node:os";

export function nodeIdOf(managerPid: number): string {
  return `node-${hostname()}-${managerPid}`;
}
