import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as actors from "@rayx/actors";
import * as core from "@rayx/core";
import * as gcs from "@rayx/gcs";
import * as objectstore from "@rayx/objectstore";
import * as coreErrors from "../src/errors.js";

/** The error classes (subclasses of RayxError, and RayxError itself) a module exports, by name. */
function errorClasses(module: Record<string, unknown>): Map<string, unknown> {
  return new Map(
    Object.entries(module).filter(
      ([, value]) =>
        typeof value === "function" &&
        (value === gcs.RayxError || value.prototype instanceof gcs.RayxError),
    ),
  );
}

describe("the error classes of @rayx/core", () => {
  test("include every error class that any rayx package defines, as the same class", () => {
    const exported = errorClasses(core);
    const defined = [gcs, objectstore, actors, coreErrors].flatMap((module) => [
      ...errorClasses(module),
    ]);
    assert.ok(defined.length > 40, `only ${defined.length} error classes found`);
    const missing = defined.filter(([name, value]) => exported.get(name) !== value);
    assert.deepEqual(
      missing.map(([name]) => name),
      [],
    );
    for (const name of ["RayxError", "NotAnActorError", "UnknownMethodError", "TaskError"]) {
      assert.ok(exported.has(name), name);
    }
  });

  test("tell a user to import from @rayx/core", () => {
    const error = new core.NotAnActorError("Inventory");
    assert.ok(error instanceof core.RayxError);
    assert.equal(
      error.message,
      "class Inventory is not an actor: add @actor() above 'class Inventory' " +
        '(import { actor } from "@rayx/core")',
    );
  });
});
