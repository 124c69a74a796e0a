/**
 * The node manager's side of a `rayx:node` service call (`nodeService.ts`) from a
 * worker or a driver joined over ws:
 * decodes the operation's arguments and checks their shape (`validateNodeCallArgs`), runs it on the manager's public operations, and
 * answers with the value — for an object, once it is ready (inline bytes, or its id
 * in the object store) — or with the error that failed it. Never throws.
 */
import type {
  SpawnRequest,
  SupervisorOp,
  SupervisorRequest,
  TaskRequest,
} from "../clusterClient.js";
import { InvalidArgumentError } from "../../errors.js";
import { errorInfoOf } from "../errorInfo.js";
import type { CallFrame, Frame, ResultValue } from "../Frame.js";
import type { JobOps } from "../JobScope.js";
import type { NodeManager } from "../NodeManager.js";
import type { NodeServiceOp } from "./nodeService.js";
import { validateNodeCallArgs } from "./validateNodeCallArgs.js";
import { ObjectTable } from "../ObjectTable.js";
import { decodeValue, encodeValue } from "../wireCodec.js";

/** How one caller is served: whose job its actors and trees join, and how it reads objects. */
export interface CallerScope {
  /** Spawns and `supervise()` trees of this caller; defaults to the node manager's own job. */
  readonly job?: JobOps;
  /**
   * Send stored objects' bytes in the reply instead of their id: the caller cannot open
   * this node's object store (a driver on another host). Defaults to `false`.
   */
  readonly inlineStored?: boolean;
  /**
   * Who holds the refs this caller reports (`refs`): a name for its process, whose holds
   * the node manager drops with `objects.refs.processGone(holder)` when it goes (a
   * worker's id, a driver session's id). A caller without one cannot report refs.
   */
  readonly holder?: string;
  /** The node the caller runs on (a worker's); tasks it submits run there when that node can. */
  readonly node?: string;
}

export async function serveNodeCall(
  manager: NodeManager,
  frame: CallFrame,
  op: NodeServiceOp,
  scope: CallerScope = {},
): Promise<Frame> {
  const job = scope.job ?? manager;
  const objects = manager.objects;
  const readStored = (id: string) => objects.store.get(id);
  try {
    const args = validateNodeCallArgs(op, decodeValue(frame.args, readStored));
    let objectId: string | undefined;
    let result: unknown;
    switch (op) {
      case "callActor": {
        const [actorId, method, id, callArgs] = args as [string, string, string, unknown[]];
        objectId = manager.callActor(actorId, method, callArgs, id);
        break;
      }
      case "submitTask": {
        const [id, request] = args as [string, TaskRequest];
        objectId = job.submitTask(request, id, scope.node);
        break;
      }
      case "put": {
        // No bytes: the caller is writing the value into the object store (`putStored` follows).
        const [bytes, id] = args as [Uint8Array | undefined, string];
        if (bytes === undefined) objects.create(id);
        else objects.settle(id, { kind: "bytes", bytes });
        objectId = id;
        break;
      }
      case "putStored": {
        const [id, failure] = args as [string, string | undefined];
        // Written into the caller's node's store: a pull (or its loss) starts from there.
        if (failure === undefined && scope.node !== undefined) manager.storedOn(scope.node, id);
        objects.settle(
          id,
          failure === undefined
            ? { kind: "stored", objectId: id }
            : { kind: "error", error: new Error(failure) },
        );
        break;
      }
      case "get":
        objectId = args[0] as string;
        break;
      case "wait":
        result = await manager.wait(...(args as [string[], number, number | undefined]));
        break;
      case "cancel":
      case "kill":
        result = await manager[op](...(args as [string, boolean]));
        break;
      case "spawn":
        result = await job.spawn(args[0] as SpawnRequest);
        break;
      case "supervise":
        result = await job.supervise(args[0] as SupervisorRequest);
        break;
      case "supervisorCall":
        result = await job.supervisorCall(...(args as [string, SupervisorOp]));
        break;
      case "listActors":
      case "listTasks":
      case "listObjects":
      case "listNodes":
      case "listSupervisors":
      case "listJobs":
        result = await manager[op]();
        break;
      case "hello":
      case "endJob":
        throw new InvalidArgumentError(
          `'${op}' is for a driver joining a head over ws (its session answers it), not a worker`,
        );
      case "refs": {
        // Under the caller's process, or a holder it names (a call log's entry).
        const [holds, releases, named] = args as [string[], string[], string | undefined];
        const holder = named ?? scope.holder;
        if (holder === undefined) {
          throw new InvalidArgumentError("this caller has no holder name to report refs under");
        }
        objects.refs.report(holder, holds, releases);
        break;
      }
      case "lookupActor":
        result = await job.lookupActor(...(args as [string, string | undefined]));
        break;
      case "inspect":
        result = await manager.inspect(args[0] as string);
        break;
    }
    if (objectId === undefined) {
      return { kind: "result", requestId: frame.requestId, value: resultBytes(result) };
    }
    // The caller holds a ref to the object it asked for, but reports a new one only at the
    // end of its turn, maybe after this reply: counted now, or the object could be freed
    // before the caller reads it (its report of the ref is then a no-op).
    if (scope.holder !== undefined) objects.refs.report(scope.holder, [objectId], []);
    // The reply carries the object: held until read here (the caller's refs may go meanwhile).
    objects.refs.hold(objectId);
    try {
      // A driver reads stored objects in the head's store: one held by another node comes home first.
      if (scope.job !== undefined) await manager.bringHome(objectId);
      let value = ObjectTable.resultValue(await objects.outcome(objectId));
      if (value.kind === "objectRef" && scope.inlineStored === true) {
        value = resultBytes(readStored(value.objectId));
      }
      return { kind: "result", requestId: frame.requestId, value };
    } finally {
      objects.refs.release(objectId);
    }
  } catch (error) {
    return { kind: "failure", requestId: frame.requestId, error: errorInfoOf(error) };
  }
}

function resultBytes(result: unknown): ResultValue {
  return { kind: "bytes", bytes: encodeValue(result, "result") };
}
