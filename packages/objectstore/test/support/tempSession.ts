/**
 * A fresh session dir per test, and the cleanup that removes it and the store's
 * env and spill dirs even when the test failed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openObjectStore, type ObjectStore, type ObjectStoreOptions } from "@rayx/objectstore";

export interface TempSession {
  readonly sessionDir: string;
  /** Opens a store of this session (closed and removed by `cleanup`). */
  open(options?: Omit<ObjectStoreOptions, "sessionDir">): ObjectStore;
  cleanup(): Promise<void>;
}

export function tempSession(): TempSession {
  const sessionDir = mkdtempSync(join(tmpdir(), "rayx-objectstore-test-"));
  const stores: ObjectStore[] = [];
  return {
    sessionDir,
    open(options = {}) {
      const store = openObjectStore({ sessionDir, ...options });
      stores.push(store);
      return store;
    },
    async cleanup() {
      for (const store of stores) {
        await store.close().catch(() => undefined);
        rmSync(store.dir, { recursive: true, force: true });
        rmSync(store.spillDir, { recursive: true, force: true });
      }
      rmSync(sessionDir, { recursive: true, force: true });
    },
  };
}
