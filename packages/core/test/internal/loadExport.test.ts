import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { ExportKindError, ExportNotFoundError, ModuleLoadError } from "../../src/errors.js";
import { loadExport } from "../../src/internal/loadExport.js";

const echoUrl = new URL("../fixtures/echo.ts", import.meta.url).href;

describe("loadExport", () => {
  test("finds a function export by module URL and by plain path", async () => {
    const byUrl = await loadExport(echoUrl, "echo");
    const byPath = await loadExport(fileURLToPath(echoUrl), "echo");
    assert.equal(byUrl, byPath);
    assert.equal((byUrl as (v: string) => string)("x"), "x");
  });

  test("names the module and its exports when the export is missing", async () => {
    await assert.rejects(loadExport(echoUrl, "nope"), (e: unknown) => {
      assert.ok(e instanceof ExportNotFoundError);
      assert.equal(
        e.message,
        `${echoUrl} has no export named 'nope' (it exports: busy, echo, fail, hang, notCallable, pid, slowEcho, spin); ` +
          "actors and tasks must be exported from the module that defines them",
      );
      return true;
    });
  });

  test("refuses an export that is not a function or class", async () => {
    await assert.rejects(loadExport(echoUrl, "notCallable"), {
      name: "ExportKindError",
      message: `export 'notCallable' of ${echoUrl} is a number, not a function or class: only functions (tasks) and classes (actors) can run on workers`,
    });
    await assert.rejects(loadExport(echoUrl, "notCallable"), ExportKindError);
  });

  test("reports a module that does not exist", async () => {
    const missing = new URL("../fixtures/missing.ts", import.meta.url).href;
    await assert.rejects(loadExport(missing, "f"), {
      name: "ModuleLoadError",
      message: `cannot import ${missing} in a worker: no such file (workers import user modules from the same path)`,
    });
  });

  test("reports a module that throws while loading, keeping the cause", async () => {
    const throwing = new URL("../fixtures/throwsOnLoad.ts", import.meta.url).href;
    await assert.rejects(loadExport(throwing, "never"), (e: unknown) => {
      assert.ok(e instanceof ModuleLoadError);
      assert.equal(
        e.message,
        `cannot import ${throwing} in a worker: it threw while loading: top-level failure in the user module`,
      );
      assert.equal((e.cause as Error).message, "top-level failure in the user module");
      return true;
    });
  });

  test("refuses a relative module path", async () => {
    await assert.rejects(loadExport("./echo.ts", "echo"), {
      message:
        "cannot import ./echo.ts in a worker: expected a file:// URL or an absolute path (import.meta.url)",
    });
  });
});
