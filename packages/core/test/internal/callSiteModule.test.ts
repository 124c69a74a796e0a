import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { CallSiteError } from "../../src/errors.js";
import { callSiteModule, framePath, isRayxFile } from "../../src/internal/callSiteModule.js";

/** Writes `files` (path → content) under a fresh temp dir; returns the dir. */
function tree(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "rayx-callsite-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const manifest = (name: string) => JSON.stringify({ name, type: "module" });

describe("callSiteModule", () => {
  test("names the calling module when called from it", () => {
    assert.equal(callSiteModule(), import.meta.url);
  });

  test("takes the first file that is not rayx's, as a file URL, skipping node: and native frames", () => {
    const rayx = (path: string) => path.startsWith("/app/node_modules/@rayx/");
    const files = [
      "file:///app/node_modules/@rayx/core/dist/task.js",
      "node:internal/modules/esm/module_job",
      null,
      undefined,
      "/srv/my app/tasks.ts",
      "file:///srv/other.js",
    ];
    assert.equal(callSiteModule(files, rayx), "file:///srv/my%20app/tasks.ts");
    assert.equal(framePath("file:///srv/app/dist/counter.js"), "/srv/app/dist/counter.js");
    assert.equal(framePath("node:internal/x"), undefined);
    assert.equal(framePath("data:text/javascript,1"), undefined);
  });

  test("tells rayx's files by package identity, wherever the packages are installed", (t) => {
    const dir = tree(t, {
      "app/package.json": manifest("my-app"),
      "app/src/main.ts": "",
      "app/node_modules/@rayx/core/package.json": manifest("@rayx/core"),
      "app/node_modules/@rayx/core/dist/internal/callSiteModule.js": "",
      "app/node_modules/@rayx/core/src/internal/callSiteModule.ts": "",
      "app/node_modules/@rayx/core/test/fixtures/actors.ts": "",
      "app/node_modules/@rayx/actors/package.json": manifest("@rayx/actors"),
      "app/node_modules/@rayx/actors/dist/actor.js": "",
      "rayx/packages/quickstart/package.json": manifest("@rayx/app-quickstart"),
      "rayx/packages/quickstart/src/main.ts": "",
    });
    const rayxFiles = [
      "app/node_modules/@rayx/core/dist/internal/callSiteModule.js",
      "app/node_modules/@rayx/core/src/internal/callSiteModule.ts",
      "app/node_modules/@rayx/actors/dist/actor.js",
    ];
    for (const file of rayxFiles) assert.equal(isRayxFile(join(dir, file)), true, file);
    const userFiles = [
      "app/src/main.ts",
      "app/node_modules/@rayx/core/test/fixtures/actors.ts",
      "rayx/packages/quickstart/src/main.ts",
    ];
    for (const file of userFiles) assert.equal(isRayxFile(join(dir, file)), false, file);
  });

  test("names the file that ran, not its source-mapped .ts, under --enable-source-maps", (t) => {
    const transport = new URL("../../src/transport.ts", import.meta.url).href;
    // A compiled user module whose source map points at a `main.ts` that does not exist.
    const map = {
      version: 3,
      sources: ["../src/main.ts"],
      names: [],
      mappings: "AAAA;AACA",
    };
    const dir = tree(t, {
      "dist/main.js":
        `import { callSiteModule } from ${JSON.stringify(transport)};\n` +
        `console.log(callSiteModule());\n` +
        `//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString("base64")}\n`,
    });
    const printed = execFileSync(
      process.execPath,
      [
        "--enable-source-maps",
        "--conditions=rayx-source",
        "--import",
        "tsx",
        join(dir, "dist/main.js"),
      ],
      { encoding: "utf8" },
    );
    assert.equal(printed.trim(), pathToFileURL(join(dir, "dist/main.js")).href);
  });

  test("throws CallSiteError pointing at the explicit module option when no frame is the user's", () => {
    assert.throws(
      () =>
        callSiteModule(["file:///app/node_modules/@rayx/core/dist/task.js", "node:x"], () => true),
      (e: unknown) =>
        e instanceof CallSiteError &&
        e.code === "CORE_CALL_SITE" &&
        e.message.endsWith("pass it explicitly: { module: import.meta.url }"),
    );
  });
});
