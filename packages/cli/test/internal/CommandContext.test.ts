/** CommandContext.color: on a TTY only, and off under NO_COLOR. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { CommandContext, type CliIo } from "../../src/internal/CommandContext.js";

const contextOn = (isTTY: boolean, env: Record<string, string>) => {
  const io: CliIo = { stdout: { write: () => true, isTTY }, stderr: { write: () => true }, env };
  return new CommandContext(io, () => ({}));
};

test("colors only on a TTY and never when NO_COLOR is set", () => {
  assert.equal(contextOn(true, {}).color, true);
  assert.equal(contextOn(false, {}).color, false);
  assert.equal(contextOn(true, { NO_COLOR: "1" }).color, false);
  assert.equal(contextOn(true, { NO_COLOR: "" }).color, true);
});
