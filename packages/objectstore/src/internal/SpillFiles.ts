/**
 * Spill files: one file per spilled object under the spill dir, holding the
 * object's framed parts (record, then external segments). Written with plain
 * synchronous writes while the store holds LMDB's write lock, so the file is
 * complete before any process can see the object as spilled. Files are 0600 in
 * a 0700 dir; a spilled object's file stays after a restore and goes when the
 * object is freed.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { framingHeader, unframe } from "./framing.js";

export class SpillFiles {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  write(id: string, parts: readonly Uint8Array[]): void {
    const fd = openSync(this.#path(id), "w", 0o600);
    try {
      writeAll(fd, framingHeader(parts));
      for (const part of parts) writeAll(fd, part);
    } finally {
      closeSync(fd);
    }
  }

  /** The parts of a spilled object, or `undefined` when its file is gone (the object was freed meanwhile). */
  read(id: string): Uint8Array[] | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.#path(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    return unframe(bytes);
  }

  remove(id: string): void {
    rmSync(this.#path(id), { force: true });
  }

  /** The `file://` URL of the object's spill file. */
  urlOf(id: string): string {
    return pathToFileURL(this.#path(id)).href;
  }

  #path(id: string): string {
    return join(this.dir, id);
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.byteLength;)
    done += writeSync(fd, bytes, done, bytes.byteLength - done);
}
