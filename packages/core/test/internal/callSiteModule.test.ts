import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CallSiteError } from "../../src/errors.js";
import { callSiteModule, stackFramePath } from "../../src/internal/callSiteModule.js";

const rayxDirs = ["/app/node_modules/@rayx/core/dist/", "/app/node_modules/@rayx/actors/dist/"];

describe("callSiteModule", () => {
  test("names the calling module when called from it", () => {
    assert.equal(callSiteModule(), import.meta.url);
  });

  test("reads a plain path frame, as tsx prints them, and answers a file URL", () => {
    const stack = [
      "Error",
      "    at callSiteModule (/app/node_modules/@rayx/core/dist/internal/callSiteModule.js:40:9)",
      "    at task (/app/node_modules/@rayx/core/dist/task.js:12:3)",
      "    at /srv/my app/tasks.ts:5:22",
      "    at ModuleJob.run (node:internal/modules/esm/module_job:234:25)",
    ].join("\n");
    assert.equal(callSiteModule(stack, rayxDirs), "file:///srv/my%20app/tasks.ts");
  });

  test("reads a file:// URL frame, as compiled JS prints them", () => {
    const stack = [
      "Error",
      "    at actor (file:///app/node_modules/@rayx/actors/dist/actor.js:30:11)",
      "    at __esDecorate (file:///srv/app/dist/counter.js:10:40)",
      "    at new Counter (file:///srv/app/dist/counter.js:22:5)",
    ].join("\n");
    assert.equal(callSiteModule(stack, rayxDirs), "file:///srv/app/dist/counter.js");
  });

  test("skips node: and native frames", () => {
    assert.equal(
      stackFramePath("    at ModuleJob.run (node:internal/modules/esm/module_job:234:25)"),
      undefined,
    );
    assert.equal(stackFramePath("    at Array.map (<anonymous>)"), undefined);
    assert.equal(stackFramePath("    at async Promise.all (index 0)"), undefined);
    assert.equal(stackFramePath("    at new Foo (/a/b (c).ts:1:2)"), "/a/b (c).ts");
  });

  test("throws CallSiteError pointing at the explicit module option when no frame is the user's", () => {
    const stack =
      "Error\n    at f (/app/node_modules/@rayx/core/dist/task.js:1:1)\n    at node:internal/x:1:1";
    assert.throws(
      () => callSiteModule(stack, rayxDirs),
      (e: unknown) =>
        e instanceof CallSiteError &&
        e.code === "CORE_CALL_SITE" &&
        e.message.endsWith("pass it explicitly: { module: import.meta.url }"),
    );
  });
});
