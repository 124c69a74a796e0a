/**
 * A joined node's control messages after its hello (`exit`, `stored`, `reply`),
 * checked against one schema table before the head acts on them: a node that has
 * the token is still a peer, and a bad field (an object id that is not one, a
 * size that is not a number) must close its link, never move an object's record
 * or throw inside the head.
 */
import { constants } from "node:os";
import { isObjectId } from "@rayx/objectstore";
import { InvalidArgumentError } from "../../errors.js";
import { pid, preview, wrong } from "../limits/fields.js";
import { boolean, number, oneOf, optional, shape, string, type Schema } from "../limits/schema.js";
import type { AgentMessage, LinkWorker } from "../nodeLink.js";
import type { WorkerExit } from "../WorkerPool.js";

type LinkMessage = Exclude<AgentMessage, { kind: "hello" }>;
type Kind = LinkMessage["kind"];

/** Worker ids travel behind a one-byte length in frame batches. */
const MAX_WORKER_ID = 200;

/** A worker as a node reports it (in its hello and in replies). */
export const linkWorker = shape<LinkWorker>({ workerId: string(MAX_WORKER_ID), pid });

const objectId: Schema<string> = (value, path) => {
  if (!isObjectId(value)) throw wrong(path, "an object id (40 lowercase hex characters)", value);
  return value;
};

const signal: Schema<NodeJS.Signals | null> = (value, path) => {
  if (value !== null && !(typeof value === "string" && Object.hasOwn(constants.signals, value))) {
    throw wrong(path, "a signal name (SIGTERM, SIGKILL, ...) or null", value);
  }
  return value as NodeJS.Signals | null;
};

const exitCode = number({ min: 0, max: 255, whole: true });

const workerExit = shape<WorkerExit>({
  workerId: string(MAX_WORKER_ID),
  // 0: a worker whose fork failed has no pid.
  pid: number({ min: 0, max: 0x7fff_ffff, whole: true }),
  code: (value, path) => (value === null ? null : exitCode(value, path)),
  signal,
  expected: boolean,
});

const MESSAGES: { readonly [K in Kind]: Schema<Extract<LinkMessage, { kind: K }>> } = {
  exit: shape<Extract<LinkMessage, { kind: "exit" }>>({ kind: oneOf("exit"), exit: workerExit }),
  stored: shape({ kind: oneOf("stored"), objectId, size: number({ min: 0, whole: true }) }),
  reply: shape<Extract<LinkMessage, { kind: "reply" }>>({
    kind: oneOf("reply"),
    no: number({ min: 1, whole: true }),
    worker: optional(linkWorker),
    error: optional(string(64 * 1024, true)),
  }),
};

/** `message` (a parsed control message) typed; throws `InvalidArgumentError` naming the field. */
export function validateAgentMessage(message: { readonly kind: string }): LinkMessage {
  const { kind } = message;
  if (!Object.hasOwn(MESSAGES, kind)) {
    throw new InvalidArgumentError(
      `kind ${preview(kind)} is not one a joined node sends (${Object.keys(MESSAGES).join(", ")})`,
    );
  }
  return MESSAGES[kind as Kind](message, kind);
}
