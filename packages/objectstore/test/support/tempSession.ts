/**
 * A fresh session dir per test, with the stores and child processes the test
 * opens on it, and the cleanup that kills the children and removes the session
 * dir and the stores' env and spill dirs even when the test failed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "node:test";
import { openObjectStore, type ObjectStore, type ObjectStoreOptions } from "@rayx/objectstore";
import { ChildStore } from "./ChildStore.js";

export interface TempSession {
  readonly sessionDir: string;
  /** Opens a store of this session (closed and removed by `cleanup`). */
  open(options?: Omit<ObjectStoreOptions, "sessionDir">): ObjectStore;
  /** Forks a child process with a store of this session (killed by `cleanup`). */
  fork(options?: { objectStoreMemory?: number }): ChildStore;
  cleanup(): Promise<void>;
}

export function tempSession(): TempSession {
  const sessionDir = mkdtempSync(join(tmpdir(), "rayx-objectstore-test-"));
  const stores: ObjectStore[] = [];
  const children: ChildStore[] = [];
  return {
    sessionDir,
    open(options = {}) {
      const store = openObjectStore({ sessionDir, ...options });
      stores.push(store);
      return store;
    },
    fork(options = {}) {
      const child = new ChildStore({ sessionDir, ...options });
      children.push(child);
      return child;
    },
    async cleanup() {
      for (const child of children) await child.kill();
      for (const store of stores) {
        await store.close().catch(() => undefined);
        rmSync(store.dir, { recursive: true, force: true });
        rmSync(store.spillDir, { recursive: true, force: true });
      }
      rmSync(sessionDir, { recursive: true, force: true });
    },
  };
}

/** A fresh `TempSession` for each test of the file, cleaned up after it; call the result to get it. */
export function sessionPerTest(): () => TempSession {
  let session: TempSession | undefined;
  beforeEach(() => {
    session = tempSession();
  });
  afterEach(async () => {
    await session?.cleanup();
    session = undefined;
  });
  return () => {
    if (!session) throw new Error("sessionPerTest: no test is running");
    return session;
  };
}
