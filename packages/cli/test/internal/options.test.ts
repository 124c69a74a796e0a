/** Flag parsers: whole numbers with a minimum; errors name the bad value. */
import { InvalidArgumentError } from "commander";
import assert from "node:assert/strict";
import { test } from "node:test";
import { wholeNumber } from "../../src/internal/options.js";

test("wholeNumber accepts whole numbers at or above the minimum and refuses the rest", () => {
  const parse = wholeNumber(1);
  assert.equal(parse("25"), 25);
  for (const bad of ["0", "-3", "1.5", "ten", "", " "]) {
    assert.throws(
      () => parse(bad),
      (e) => e instanceof InvalidArgumentError && e.message.includes(`not '${bad}'`),
    );
  }
});
