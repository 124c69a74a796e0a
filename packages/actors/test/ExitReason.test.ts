import assert from "node:assert/strict";
import { test } from "node:test";
import { isNormalExit } from "@rayx/actors";

test("normal and shutdown are normal exits; killed and errors are not", () => {
  assert.deepEqual(
    (["normal", "shutdown", "killed", { error: new Error("boom") }] as const).map(isNormalExit),
    [true, true, false, false],
  );
});
