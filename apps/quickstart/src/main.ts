/**
 * The quick start: an embedded rayx cluster (this process plus worker processes) runs
 * tasks whose arguments are refs to other tasks' results, stores and reads an object,
 * and hosts a counter actor that survives `kill -9` of its worker with its state:
 * the supervisor rebuilds it on a live worker by replaying its call log.
 * Workers import this file to find `square`, `add` and `Counter`; `main()` keeps the
 * driver's part from running again in them.
 */
import {
  actor,
  get,
  init,
  inspect,
  main,
  put,
  readonly,
  shutdown,
  spawn,
  state,
  task,
} from "@rayx/core";

/** A task: runs on whichever worker is free. */
export const square = task(function square(x: number): number {
  return x * x;
});

export const add = task(function add(a: number, b: number): number {
  return a + b;
});

/** An actor: every call to `add` is logged before its result is released. */
@actor()
export class Counter {
  count = 0;

  add(n: number): number {
    return (this.count += n);
  }

  /** Not logged: it changes nothing, so a rebuild need not replay it. */
  @readonly()
  read(): number {
    return this.count;
  }
}

main(async () => {
  // With RAYX_ADDRESS set (as `rayx run` does), this joins that cluster instead.
  const runtime = await init({ numWorkers: 2 });
  const embedded = runtime.workerPids().length > 0;
  const nodes = (await state.listNodes()).filter((node) => node.state === "alive");
  console.log(
    embedded
      ? `cluster: this driver (pid ${process.pid}) and workers ${runtime.workerPids().join(", ")}`
      : `cluster: this driver (pid ${process.pid}) joined ${nodes.length} node(s): ` +
          nodes.map((node) => `${node.nodeId} (cpu ${node.resources["cpu"] ?? 0})`).join(", "),
  );

  // Tasks and refs: squares of 1..4 run in parallel; `add` takes their refs as
  // arguments and runs once both are ready, so this builds a small graph.
  const squares = [1, 2, 3, 4].map((x) => square.remote(x));
  const total = squares.reduce((sum, ref) => add.remote(sum, ref));
  console.log(`tasks: 1² + 2² + 3² + 4² = ${await get(total)}`);

  // Objects: put stores a value once; its ref goes to tasks like any other ref.
  const offset = put(1000);
  const shifted = add.remote(offset, total);
  console.log(`put/get: ${await get(offset)} + ${await get(total)} = ${await get(shifted)}`);

  // A supervised actor that survives the loss of its process.
  const counter = await spawn(Counter);
  await get(Array.from({ length: 1000 }, () => counter.add(1)));
  const { pid } = await inspect(counter);
  if (pid === undefined) throw new Error("inspect() did not report the actor's worker pid");
  console.log(`actor: Counter reads ${await counter.read()} after 1000 calls (worker pid ${pid})`);

  process.kill(pid, "SIGKILL");
  console.log(`kill -9 ${pid}: the worker and the actor's memory are gone`);

  console.log(`actor: Counter still reads ${await counter.read()} (rebuilt from its call log)`);
  console.log(`actor: one more call returns ${await counter.add(1)}`);
  const after = await inspect(counter);
  console.log(
    `actor: now on worker pid ${after.pid} of ${after.nodeId}, restarts: ${after.restarts}`,
  );

  const workers = runtime.workerPids();
  await shutdown();
  console.log(
    embedded
      ? `shutdown: workers ${workers.join(", ")} stopped, session dir removed`
      : `shutdown: this driver's job ended (its actors stopped); the cluster runs on`,
  );
});
