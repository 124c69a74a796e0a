/**
 * A driver's `hello` checked before it opens a job: every field of `DriverHello`
 * with its type and range. A bad one is refused with an error naming the field, and
 * nothing has changed on the head.
 */
import { InvalidArgumentError } from "../../errors.js";
import type { DriverHello } from "../driverProtocol.js";
import { bool, pid, record, text } from "../limits/fields.js";

/** The hello in `args` (the call's argument list); throws `InvalidArgumentError` naming what is wrong. */
export function validateDriverHello(args: unknown): DriverHello {
  if (!Array.isArray(args) || args.length !== 1) {
    throw new InvalidArgumentError("a driver hello takes one argument, the hello");
  }
  const hello = record(args[0], "driver hello");
  return {
    pid: pid(hello["pid"], "driver hello: pid"),
    entrypoint: text(hello["entrypoint"], "driver hello: entrypoint", 4096, true),
    namespace: text(hello["namespace"], "driver hello: namespace", 256),
    hostname: text(hello["hostname"], "driver hello: hostname", 255),
    shareStore: bool(hello["shareStore"], "driver hello: shareStore"),
    job: bool(hello["job"], "driver hello: job"),
  };
}
