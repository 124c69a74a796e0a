/**
 * A joining node's `hello` checked before the head takes the node in: ids and
 * names are bounded strings, process ids whole numbers, its resources a map of
 * finite non-negative amounts, its transfer server a ws URL, its workers a bounded
 * list. A bad one is refused naming the field; the node is never recorded.
 */
import { InvalidArgumentError } from "../../errors.js";
import { pid, record, resources, text } from "../limits/fields.js";
import type { AgentMessage, LinkWorker } from "../nodeLink.js";
import { linkWorker } from "./validateAgentMessage.js";

type NodeHello = Extract<AgentMessage, { kind: "hello" }>;

/** More workers than any host runs: a longer list is not a node's. */
const MAX_WORKERS = 4096;

/** The hello in `value`; throws `InvalidArgumentError` naming what is wrong. */
export function validateNodeHello(value: unknown): NodeHello {
  const hello = record(value, "node hello");
  if (hello["kind"] !== "hello") {
    throw new InvalidArgumentError("a joining node's first message must be its hello");
  }
  const address = text(hello["transferAddress"], "node hello: transferAddress", 512);
  if (!/^wss?:\/\/[^/\s]+/.test(address)) {
    throw new InvalidArgumentError(
      `node hello: transferAddress must be a ws://host:port URL, got '${address.slice(0, 60)}'`,
    );
  }
  const workers = hello["workers"];
  if (!Array.isArray(workers) || workers.length > MAX_WORKERS) {
    throw new InvalidArgumentError(
      `node hello: workers must be a list of at most ${MAX_WORKERS} { workerId, pid }, got ${typeof workers}`,
    );
  }
  return {
    kind: "hello",
    nodeId: text(hello["nodeId"], "node hello: nodeId", 128),
    hostname: text(hello["hostname"], "node hello: hostname", 255),
    pid: pid(hello["pid"], "node hello: pid"),
    sessionDir: text(hello["sessionDir"], "node hello: sessionDir", 4096),
    resources: resources(hello["resources"], "node hello: resources"),
    transferAddress: address,
    workers: workers.map((worker: unknown, i): LinkWorker =>
      linkWorker(worker, `node hello: workers[${i}]`),
    ),
  };
}
