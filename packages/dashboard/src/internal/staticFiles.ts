/**
 * The files the browser loads: the dashboard's own ES modules and stylesheet under
 * `ui/`, and the two libraries they import (Preact and htm) straight from their
 * installed packages, as ES modules with no bundler step. Only names listed here
 * are served; nothing else of the file system is reachable.
 */
import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const UI_DIR = fileURLToPath(new URL("../../ui/", import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/** A file to serve: its bytes' path and content type. */
export interface StaticFile {
  readonly path: string;
  readonly type: string;
}

/** URL path → file, built once: the `ui/` tree, and `/vendor/*` for the libraries the import map names. */
export function staticFiles(): ReadonlyMap<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const add = (url: string, path: string) =>
    files.set(url, { path, type: TYPES[extname(path)] ?? "application/octet-stream" });
  for (const path of walk(UI_DIR)) add(`/${relative(UI_DIR, path).split(sep).join("/")}`, path);
  files.set("/", files.get("/index.html") as StaticFile);
  add("/vendor/preact.mjs", fileURLToPath(import.meta.resolve("preact")));
  add("/vendor/preact-hooks.mjs", fileURLToPath(import.meta.resolve("preact/hooks")));
  add("/vendor/htm.mjs", fileURLToPath(import.meta.resolve("htm")));
  return files;
}

export function readStatic(file: StaticFile): Promise<Buffer> {
  return readFile(file.path);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
