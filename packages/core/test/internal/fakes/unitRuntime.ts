/**
 * What the unit tests of the actor and task managers run on: the GCS on the memory
 * table store, a real object store in a temp dir, a `FakeWorkerPort` behind real
 * `WorkerSlots`, and a `SimulatedClock`. Nothing is forked.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SimulatedClock } from "@rayx/actors/testing";
import { Gcs, createMemoryStore } from "@rayx/gcs";
import { openObjectStore } from "@rayx/objectstore";
import type { ObjectStore } from "@rayx/objectstore";
import { ClusterResources } from "../../../src/internal/ClusterResources.js";
import { ObjectTable } from "../../../src/internal/ObjectTable.js";
import type { Resources } from "../../../src/internal/ResourcePool.js";
import type { WorkerSlot } from "../../../src/internal/WorkerSlot.js";
import { WorkerSlots } from "../../../src/internal/workers/WorkerSlots.js";
import { FakeWorkerPort } from "./FakeWorkerPort.js";

export const NODE = "node-1";
/** Where the simulated clock starts: every record written in a test carries this time. */
export const START_MS = 1_700_000_000_000;

export interface UnitRuntime {
  readonly gcs: Gcs;
  readonly objects: ObjectTable;
  readonly resources: ClusterResources;
  readonly port: FakeWorkerPort;
  readonly workers: WorkerSlots;
  readonly clock: SimulatedClock;
  /** Adds a fake worker to the slots. */
  addWorker(): WorkerSlot;
  /** Kills `worker` as SIGKILL would and reports its exit to the slots; returns the error its requests failed with. */
  kill(worker: WorkerSlot): Error;
  close(): Promise<void>;
}

/** `onAdded` runs when a shared worker joins the slots (the task scheduler dispatches then). */
export function unitRuntime(total: Resources, onAdded: () => void = () => undefined): UnitRuntime {
  const sessionDir = mkdtempSync(join(tmpdir(), "rayx-unit-"));
  const store: ObjectStore = openObjectStore({ sessionDir, objectStoreMemory: 64 * 1024 * 1024 });
  const gcs = new Gcs(createMemoryStore());
  const resources = new ClusterResources(NODE, total);
  const port = new FakeWorkerPort(NODE);
  const workers = new WorkerSlots(port, resources, () => onAdded());
  port.slots = workers;
  return {
    gcs,
    objects: new ObjectTable(store),
    resources,
    port,
    workers,
    clock: new SimulatedClock(START_MS),
    addWorker() {
      const info = port.newWorker();
      return workers.add(info.workerId, info.pid);
    },
    kill(worker) {
      const gone = workers.exited(port.kill(worker.workerId, worker.pid));
      if (gone === undefined) throw new Error(`worker ${worker.workerId} is not a slot`);
      return gone.error;
    },
    async close() {
      try {
        await store.destroy();
        await gcs.close();
      } finally {
        rmSync(sessionDir, { recursive: true, force: true });
      }
    },
  };
}
