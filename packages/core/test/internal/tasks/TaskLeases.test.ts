import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ClusterResources } from "../../../src/internal/ClusterResources.js";
import { RequestTable } from "../../../src/internal/RequestTable.js";
import { PIPELINE_DEPTH, TaskLeases, shapeOf } from "../../../src/internal/tasks/TaskLeases.js";
import type { Resources } from "../../../src/internal/ResourcePool.js";
import type { WorkerSlot } from "../../../src/internal/WorkerSlot.js";

const NODE = "node-1";
const CPU: Resources = { cpu: 1 };

function worker(workerId: string): WorkerSlot {
  return {
    dedicatedTo: undefined,
    workerId,
    nodeId: NODE,
    pid: 0,
    requests: new RequestTable(),
    actors: new Set(),
    tasks: new Set(),
  };
}

/** Two workers, two cpus; `pick` finds a worker while `needs` fit, the less used first. */
function setUp(total: Resources = { cpu: 2 }) {
  const resources = new ClusterResources(NODE, total);
  const workers = [worker("w1"), worker("w2")];
  const used = new Map<WorkerSlot, number>(workers.map((w) => [w, 0]));
  const leases = new TaskLeases(resources);
  const pick = (needs: Resources) => {
    if (!resources.fits(needs, NODE)) return undefined;
    const w = [...used].sort((a, b) => a[1] - b[1])[0]![0];
    used.set(w, used.get(w)! + 1);
    return w;
  };
  const acquire = (needs: Resources = CPU) => leases.acquire(needs, shapeOf(needs), pick);
  return { resources, workers, leases, acquire };
}

describe("TaskLeases", () => {
  test("names a shape by its resources in a fixed order", () => {
    assert.equal(shapeOf({ gpu: 1, cpu: 2 }), "cpu=2,gpu=1");
    assert.equal(shapeOf({ cpu: 2, gpu: 1 }), shapeOf({ gpu: 1, cpu: 2 }));
  });

  test("takes a new lease's resources and gives them back when its last task ends", () => {
    const { resources, workers, leases, acquire } = setUp();
    const first = acquire()!;
    const second = acquire()!;
    assert.deepEqual([first.worker, second.worker], workers);
    assert.equal(resources.fits(CPU, NODE), false);
    leases.release(first, false);
    assert.equal(resources.fits(CPU, NODE), true);
    assert.equal(resources.fits({ cpu: 2 }, NODE), false);
    leases.release(second, false);
    assert.equal(resources.fits({ cpu: 2 }, NODE), true);
  });

  test("pipelines tasks of a full node onto the least loaded lease of their shape", () => {
    const { leases, acquire } = setUp();
    const [a, b] = [acquire()!, acquire()!];
    assert.equal(acquire(), a);
    assert.equal(acquire(), b);
    assert.equal(acquire(), a);
    assert.deepEqual([a.tasks, b.tasks], [3, 2]);
    leases.release(a, false);
    leases.release(a, false);
    assert.equal(acquire(), a);
  });

  test("sends no lease more than PIPELINE_DEPTH tasks", () => {
    const { acquire } = setUp({ cpu: 1 });
    const lease = acquire()!;
    for (let i = 1; i < PIPELINE_DEPTH; i++) assert.equal(acquire(), lease);
    assert.equal(lease.tasks, PIPELINE_DEPTH);
    assert.equal(acquire(), undefined);
  });

  test("shares no lease between different shapes", () => {
    const { acquire } = setUp({ cpu: 2, gpu: 1 });
    assert.notEqual(acquire(), undefined);
    assert.notEqual(acquire(), undefined);
    assert.equal(acquire({ cpu: 1, gpu: 1 }), undefined);
  });

  test("sends nothing more to a lease whose worker died", () => {
    const { leases, acquire } = setUp({ cpu: 1 });
    const lease = acquire()!;
    acquire();
    leases.release(lease, true);
    assert.equal(lease.closed, true);
    assert.equal(acquire(), undefined);
    leases.release(lease, true);
    assert.notEqual(acquire(), undefined);
  });

  test("lends a blocked worker's resources out and takes them back when it unblocks", () => {
    const { resources, workers, leases, acquire } = setUp({ cpu: 1 });
    const lease = acquire()!;
    assert.equal(leases.blocked(workers[0]!, true), true);
    assert.equal(resources.fits(CPU, NODE), true);
    const lent = acquire({ cpu: 1, gpu: 0 })!;
    assert.notEqual(lent, lease);
    assert.equal(leases.blocked(workers[0]!, true), false, "already blocked: no change");
    leases.release(lent, false);
    assert.equal(leases.blocked(workers[0]!, false), false);
    assert.equal(resources.fits(CPU, NODE), false, "its cpu is taken back");
    leases.release(lease, false);
    assert.equal(resources.fits(CPU, NODE), true);
    assert.equal(resources.fits({ cpu: 2 }, NODE), false, "given back once, not twice");
  });

  test("lends a lease made on a waiting worker only at that worker's next notice", () => {
    const { resources, workers, leases } = setUp({ cpu: 2 });
    const pickW1 = (needs: Resources) => (resources.fits(needs, NODE) ? workers[0] : undefined);
    const first = leases.acquire(CPU, shapeOf(CPU), pickW1)!;
    leases.blocked(workers[0]!, true);
    const second = leases.acquire(CPU, shapeOf(CPU), pickW1)!;
    assert.deepEqual([first.lent, second.lent], [true, false]);
    assert.equal(resources.fits({ cpu: 2 }, NODE), false, "the new lease holds its cpu");
    assert.equal(leases.blocked(workers[0]!, true), true, "another wait started there");
    assert.equal(second.lent, true);
    assert.equal(resources.fits({ cpu: 2 }, NODE), true);
    leases.blocked(workers[0]!, false);
    assert.deepEqual([first.lent, second.lent], [false, false]);
    assert.equal(resources.fits(CPU, NODE), false);
  });

  test("gives nothing back twice for a lease that ends while lent", () => {
    const { resources, workers, leases, acquire } = setUp({ cpu: 1 });
    const lease = acquire()!;
    leases.blocked(workers[0]!, true);
    leases.release(lease, false);
    leases.blocked(workers[0]!, false);
    assert.equal(resources.fits(CPU, NODE), true);
    assert.equal(resources.fits({ cpu: 2 }, NODE), false);
  });
});
