/**
 * The node-service protocol's schema table: each operation's arguments, down to the
 * fields of the requests that change the cluster (`SpawnRequest`, `TaskRequest`,
 * `SupervisorRequest`, `SupervisorOp`), checked before the operation runs. A peer (a
 * driver over ws, a worker) that sends a wrong id, an empty class name, a negative
 * count, a bad resources map or an unknown option gets an `InvalidArgumentError`
 * naming the operation, the argument and the field; nothing in the node manager changes.
 */
import type {
  SpawnRequest,
  SupervisedChildRequest,
  SupervisorOp,
  SupervisorRequest,
  TaskRequest,
} from "../clusterClient.js";
import { InvalidArgumentError } from "../../errors.js";
import type { ExportRef } from "../Frame.js";
import { record, wrong } from "../limits/fields.js";
import {
  anyArray,
  boolean,
  bytes,
  either,
  lazy,
  listOf,
  number,
  oneOf,
  optional,
  resourceMap,
  shape,
  string,
  type Schema,
} from "../limits/schema.js";
import type { NodeServiceOp } from "./nodeService.js";

/** Object, actor, task and call ids: rayx makes them, far shorter than this. */
const id = string(256);
const ids = listOf(id);
const name = string(1024);
/** A module's URL or path. */
const module = string(4096);
/** A count option: a whole number ≥ 0 or `Infinity` (the GCS stores up to 2³² − 2). */
const count = number({ min: 0, max: 0xffff_fffe, whole: true, infinite: true });
const positive = number({ min: 1, whole: true, infinite: true });

const exportRef = shape<ExportRef>({ module, exportName: name });

/** The kernel options a spawn may override (`ActorOverrides`); no other key reaches the cell. */
const overrides = shape<Record<string, unknown>>(
  {
    maxConcurrency: optional(positive),
    onError: optional(oneOf("restart", "resume")),
    snapshotEvery: optional(positive),
    trapExits: optional(boolean),
    mailbox: optional(
      shape({ capacity: optional(positive), overflow: optional(oneOf("reject", "backpressure")) }),
    ),
  },
  true,
);

const spawnRequest = shape<SpawnRequest>({
  actorClass: exportRef,
  className: name,
  methods: listOf(name, 10_000),
  readonlyMethods: listOf(name, 10_000),
  args: anyArray,
  name: optional(name),
  namespace: optional(string(256)),
  getIfExists: boolean,
  detached: boolean,
  maxRestarts: count,
  maxTaskRetries: count,
  snapshotEvery: positive,
  maxConcurrency: positive,
  mailbox: shape({ capacity: positive, overflow: oneOf("reject", "backpressure") }),
  overrides,
  resources: resourceMap,
  isolate: boolean,
});

const taskRequest = shape<TaskRequest>({
  function: exportRef,
  name,
  args: anyArray,
  retries: number({ min: 0, max: 0xffff_fffe, whole: true }),
  retryExceptions: either(boolean, listOf(name, 1000), "true, false or a list of error names"),
  resources: resourceMap,
});

const childBase = {
  id: name,
  restart: optional(oneOf("permanent", "transient", "temporary")),
  shutdown: optional(
    either(
      number({ min: 0, infinite: true }),
      oneOf("brutal_kill"),
      "ms ≥ 0, Infinity or 'brutal_kill'",
    ),
  ),
};
type ActorChild = Extract<SupervisedChildRequest, { actor: SpawnRequest }>;
type SupervisorChild = Extract<SupervisedChildRequest, { supervisor: SupervisorRequest }>;
const actorChild = shape<ActorChild>({ ...childBase, actor: spawnRequest });
const supervisorChild = shape<SupervisorChild>({
  ...childBase,
  supervisor: lazy(() => supervisorRequest),
});

/** A child is an actor or a supervisor: exactly one of the two. */
const supervisedChild: Schema<SupervisedChildRequest> = (value, path) => {
  const child = record(value, path);
  const has = (key: string) => child[key] !== undefined;
  if (has("actor") === has("supervisor")) {
    throw new InvalidArgumentError(
      `${path} must have exactly one of actor (a spawn request) and supervisor, got ${has("actor") ? "both" : "neither"}`,
    );
  }
  return has("actor") ? actorChild(value, path) : supervisorChild(value, path);
};

const supervisorRequest: Schema<SupervisorRequest> = shape<SupervisorRequest>({
  name: optional(name),
  strategy: optional(oneOf("one_for_one", "one_for_all", "rest_for_one")),
  intensity: optional(number({ min: 0, whole: true })),
  period: optional(number({ min: 0, aboveMin: true })),
  children: listOf(supervisedChild, 10_000),
});

type OpName = SupervisorOp["op"];
const byChildId = (op: OpName) => shape({ op: oneOf(op), childId: name });
const SUPERVISOR_OPS: Readonly<Record<OpName, Schema<SupervisorOp>>> = {
  child: byChildId("child") as Schema<SupervisorOp>,
  children: shape({ op: oneOf("children") }),
  startChild: shape({ op: oneOf("startChild"), child: supervisedChild }),
  terminateChild: byChildId("terminateChild") as Schema<SupervisorOp>,
  restartChild: byChildId("restartChild") as Schema<SupervisorOp>,
  deleteChild: byChildId("deleteChild") as Schema<SupervisorOp>,
  stop: shape({ op: oneOf("stop") }),
};
const opName = oneOf(...(Object.keys(SUPERVISOR_OPS) as OpName[]));
const supervisorOp: Schema<SupervisorOp> = (value, path) =>
  SUPERVISOR_OPS[opName(record(value, path)["op"], `${path}.op`)](value, path);

/** One positional argument: its name (for errors) and its schema. */
type Arg = readonly [name: string, schema: Schema<unknown>];

const ARGS: Readonly<Record<NodeServiceOp, readonly Arg[]>> = {
  callActor: [
    ["actor id", id],
    ["method", name],
    ["call id", id],
    ["call arguments", anyArray],
  ],
  submitTask: [
    ["result id", id],
    ["task request", taskRequest],
  ],
  put: [
    ["value bytes", optional(bytes)],
    ["object id", id],
  ],
  putStored: [
    ["object id", id],
    ["failure", optional(string(64 * 1024, true))],
  ],
  get: [["object id", id]],
  wait: [
    ["object ids", ids],
    ["number of returns", number({ min: 0, whole: true })],
    ["timeout in ms", optional(number({ min: 0, infinite: true }))],
  ],
  cancel: [
    ["object id", id],
    ["force", optional(boolean)],
  ],
  kill: [
    ["actor id", id],
    ["no restart", optional(boolean)],
  ],
  spawn: [["spawn request", spawnRequest]],
  supervise: [["supervisor request", supervisorRequest]],
  supervisorCall: [
    ["supervisor id", id],
    ["operation", supervisorOp],
  ],
  lookupActor: [
    ["actor name", name],
    ["namespace", optional(string(256))],
  ],
  inspect: [["actor", name]],
  refs: [
    ["held ids", ids],
    ["released ids", ids],
    ["holder", optional(id)],
  ],
  listActors: [],
  listTasks: [],
  listObjects: [],
  listNodes: [],
  listSupervisors: [],
  listJobs: [],
  // Answered by a driver's session (`validateDriverHello`) before anything else; refused elsewhere.
  hello: [["hello", optional(record)]],
  endJob: [],
};

/**
 * `args` as the argument list of `op`, each argument rebuilt by its schema; throws
 * `InvalidArgumentError` naming the argument and field that is wrong.
 */
export function validateNodeCallArgs(op: NodeServiceOp, args: unknown): unknown[] {
  const expected = ARGS[op];
  if (!Array.isArray(args)) throw wrong(`${op}: its arguments`, "a list", args);
  if (args.length > expected.length) {
    throw new InvalidArgumentError(
      `${op}: takes at most ${expected.length} argument(s), got ${args.length}`,
    );
  }
  return expected.map(([argName, schema], i) =>
    schema(args[i], `${op}: argument ${i + 1} (${argName})`),
  );
}
