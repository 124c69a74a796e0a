/**
 * The node manager's side of a worker's `rayx:node` service call (`nodeService.ts`):
 * decodes the operation's arguments, runs it on the manager's public operations, and
 * answers with the value — for an object, once it is ready (inline bytes, or its id
 * in the object store) — or with the error that failed it. Never throws.
 */
import type { SpawnRequest, TaskRequest } from "./clusterClient.js";
import { errorInfoOf } from "./errorInfo.js";
import type { CallFrame, Frame } from "./Frame.js";
import type { NodeManager } from "./NodeManager.js";
import type { NodeServiceOp } from "./nodeService.js";
import { ObjectTable } from "./ObjectTable.js";
import { decodeValue, encodeValue } from "./wireCodec.js";

export async function serveNodeCall(
  manager: NodeManager,
  frame: CallFrame,
  op: NodeServiceOp,
): Promise<Frame> {
  const objects = manager.objects;
  const readStored = (id: string) => objects.store.get(id);
  try {
    const args = decodeValue(frame.args, readStored) as unknown[];
    let objectId: string | undefined;
    let result: unknown;
    switch (op) {
      case "callActor": {
        const [actorId, method, bytes, id] = args as [string, string, Uint8Array, string];
        objectId = manager.callActor(
          actorId,
          method,
          decodeValue(bytes, readStored) as unknown[],
          id,
        );
        break;
      }
      case "submitTask": {
        const [bytes, id] = args as [Uint8Array, string];
        objectId = manager.submitTask(decodeValue(bytes) as TaskRequest, id);
        break;
      }
      case "put": {
        const [bytes, id] = args as [Uint8Array, string];
        objects.settle(id, { kind: "bytes", bytes });
        objectId = id;
        break;
      }
      case "get":
        objectId = args[0] as string;
        break;
      case "wait":
        result = await manager.wait(...(args as [string[], number, number | undefined]));
        break;
      case "cancel":
        result = await manager.cancel(...(args as [string, boolean]));
        break;
      case "spawn":
        result = await manager.spawn(args[0] as SpawnRequest);
        break;
      case "lookupActor":
        result = await manager.lookupActor(...(args as [string, string | undefined]));
        break;
      case "kill":
        result = await manager.kill(...(args as [string, boolean]));
        break;
      case "inspect":
        result = await manager.inspect(args[0] as string);
        break;
    }
    const value =
      objectId === undefined
        ? { kind: "bytes" as const, bytes: encodeValue(result, "result") }
        : ObjectTable.resultValue(await objects.outcome(objectId));
    return { kind: "result", requestId: frame.requestId, value };
  } catch (error) {
    return { kind: "failure", requestId: frame.requestId, error: errorInfoOf(error) };
  }
}
