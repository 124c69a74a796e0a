/**
 * A task's call as its GCS record keeps it (`TaskInfo.spec`): the function, its
 * options and its arguments as submitted (refs stay refs), so that a head resuming
 * the session can run it again for a result it has lost (lineage). The arguments
 * travel as the bytes the scheduler encoded already: nothing is encoded twice.
 */
import type { TaskRequest } from "../clusterClient.js";
import { decodeValue, encodeValue } from "../wireCodec.js";

interface TaskSpec extends Omit<TaskRequest, "args"> {
  /** `request.args` encoded (`encodeValue(args, "args")`). */
  readonly args: Uint8Array;
}

/** The bytes of `request` for the task's record; `args` is its arguments encoded. */
export function taskSpecOf(request: TaskRequest, args: Uint8Array): Uint8Array {
  const spec: TaskSpec = {
    function: request.function,
    name: request.name,
    retries: request.retries,
    retryExceptions: request.retryExceptions,
    resources: request.resources,
    args,
  };
  return encodeValue(spec, "task");
}

/** The task request `taskSpecOf` encoded, or undefined for bytes that are not one. */
export function decodeTaskSpec(bytes: Uint8Array): TaskRequest | undefined {
  let spec: TaskSpec;
  try {
    spec = decodeValue(bytes) as TaskSpec;
  } catch {
    return undefined;
  }
  if (typeof spec !== "object" || spec === null || !(spec.args instanceof Uint8Array)) {
    return undefined;
  }
  return { ...spec, args: decodeValue(spec.args) as unknown[] };
}
