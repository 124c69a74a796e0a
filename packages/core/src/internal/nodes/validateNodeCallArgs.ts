/**
 * The shape of each node-service operation's arguments, checked before the operation
 * runs: a peer (a driver over ws, a worker) that sends an id that is not a string or a
 * request that is not an object gets an `InvalidArgumentError` naming the operation and
 * the argument, and nothing in the node manager changes. Nested request fields are the
 * operations' own to check (they already refuse what they cannot place or find).
 */
import { InvalidArgumentError } from "../../errors.js";
import type { NodeServiceOp } from "../nodeService.js";

/** What one positional argument must be; an `optional` one may also be `undefined`. */
type Kind = "string" | "number" | "boolean" | "strings" | "array" | "object" | "bytes";
type Arg = readonly [name: string, kind: Kind, optional?: "optional"];

const ARGS: Readonly<Record<NodeServiceOp, readonly Arg[]>> = {
  callActor: [
    ["actor id", "string"],
    ["method", "string"],
    ["call id", "string"],
    ["call arguments", "array"],
  ],
  submitTask: [
    ["result id", "string"],
    ["task request", "object"],
  ],
  put: [
    ["value bytes", "bytes", "optional"],
    ["object id", "string"],
  ],
  putStored: [
    ["object id", "string"],
    ["failure", "string", "optional"],
  ],
  get: [["object id", "string"]],
  wait: [
    ["object ids", "strings"],
    ["number of returns", "number"],
    ["timeout in ms", "number", "optional"],
  ],
  cancel: [
    ["object id", "string"],
    ["force", "boolean", "optional"],
  ],
  kill: [
    ["actor id", "string"],
    ["no restart", "boolean", "optional"],
  ],
  spawn: [["spawn request", "object"]],
  supervise: [["supervisor request", "object"]],
  supervisorCall: [
    ["supervisor id", "string"],
    ["operation", "object"],
  ],
  lookupActor: [
    ["actor name", "string"],
    ["namespace", "string", "optional"],
  ],
  inspect: [["actor", "string"]],
  refs: [
    ["held ids", "strings"],
    ["released ids", "strings"],
    ["holder", "string", "optional"],
  ],
  listActors: [],
  listTasks: [],
  listObjects: [],
  listNodes: [],
  listSupervisors: [],
  listJobs: [],
  // Answered by a driver's session before anything else; refused elsewhere.
  hello: [["hello", "object", "optional"]],
  endJob: [],
};

const IS: Readonly<Record<Kind, (value: unknown) => boolean>> = {
  string: (v) => typeof v === "string",
  number: (v) => typeof v === "number" && !Number.isNaN(v),
  boolean: (v) => typeof v === "boolean",
  strings: (v) => Array.isArray(v) && v.every((s) => typeof s === "string"),
  array: (v) => Array.isArray(v),
  object: (v) => typeof v === "object" && v !== null && !Array.isArray(v),
  bytes: (v) => v instanceof Uint8Array,
};

const DESCRIBED: Readonly<Record<Kind, string>> = {
  string: "a string",
  number: "a number",
  boolean: "true or false",
  strings: "an array of strings",
  array: "an array",
  object: "an object",
  bytes: "bytes",
};

/** Returns `args` as the argument list of `op`, or throws naming what is wrong with it. */
export function validateNodeCallArgs(op: NodeServiceOp, args: unknown): unknown[] {
  const expected = ARGS[op];
  if (!Array.isArray(args)) {
    throw new InvalidArgumentError(`${op}: its arguments must be a list, got ${typeof args}`);
  }
  if (args.length > expected.length) {
    throw new InvalidArgumentError(
      `${op}: takes at most ${expected.length} argument(s), got ${args.length}`,
    );
  }
  expected.forEach(([name, kind, optional], i) => {
    const value: unknown = args[i];
    if (value === undefined && optional !== undefined) return;
    if (!IS[kind](value)) {
      throw new InvalidArgumentError(
        `${op}: argument ${i + 1} (${name}) must be ${DESCRIBED[kind]}, got ${describe(value)}`,
      );
    }
  });
  return args;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `'${value.slice(0, 40)}'` : typeof value;
}
