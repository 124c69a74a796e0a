/**
 * The node manager's operations that workers call (a task calling an actor through
 * a handle, `get` of a ref it was given, a nested task…): call frames addressed to a
 * function of the reserved module `rayx:node`, with the operation as the export
 * name and its arguments as the usual encoded argument list. A driver joined over
 * ws (`connectDriver`) calls the same operations, after its `hello`.
 */
import type { ExportRef } from "../Frame.js";

/** The module name no user module can have (not a file URL). */
export const NODE_SERVICE_MODULE = "rayx:node";

export type NodeServiceOp =
  | "callActor"
  | "submitTask"
  | "put"
  | "get"
  | "wait"
  | "cancel"
  | "spawn"
  | "lookupActor"
  | "kill"
  | "inspect"
  // Which objects the calling process holds refs to now, and which no longer (`ReportedRefs`).
  | "refs"
  // A large value a worker put into the object store itself: written (or failed).
  | "putStored"
  | "supervise"
  | "supervisorCall"
  | "listActors"
  | "listTasks"
  | "listObjects"
  | "listNodes"
  | "listSupervisors"
  | "listJobs"
  // A driver joined over ws (issue 6): opens its job, ends it.
  | "hello"
  | "endJob";

/** Every operation once (the type makes a missing one a compile error), to check a peer's request. */
const OPS: Readonly<Record<NodeServiceOp, true>> = {
  callActor: true,
  submitTask: true,
  put: true,
  get: true,
  wait: true,
  cancel: true,
  spawn: true,
  lookupActor: true,
  kill: true,
  inspect: true,
  refs: true,
  putStored: true,
  supervise: true,
  supervisorCall: true,
  listActors: true,
  listTasks: true,
  listObjects: true,
  listNodes: true,
  listSupervisors: true,
  listJobs: true,
  hello: true,
  endJob: true,
};

/** True when `name` is an operation of the node service. */
export function isNodeServiceOp(name: string): name is NodeServiceOp {
  return Object.hasOwn(OPS, name);
}

export function nodeService(op: NodeServiceOp): ExportRef {
  return { module: NODE_SERVICE_MODULE, exportName: op };
}

/** Results and values above this many encoded bytes go through the object store, not the frame. */
export const INLINE_LIMIT_BYTES = 100 * 1024;
