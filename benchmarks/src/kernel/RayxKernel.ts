/**
 * rayx's side of the kernel suite, through `@rayx/actors`' public API only: the
 * actor cell (`ActorCell`) as a `KernelSubject`, the rebuild of an actor from its
 * call log (`ActorCell.rebuild` over an `InMemoryCallLog`), and the restart of a
 * killed child by a one_for_one `Supervisor`.
 */
import { ActorCell, InMemoryCallLog, Supervisor, actor, readonly } from "@rayx/actors";
import type { Process } from "@rayx/actors";
import type { Counter as CounterHandle, KernelSubject } from "./KernelSubject.js";

@actor()
class Counter {
  total = 0;
  add(n: number): number {
    return (this.total += n);
  }
  @readonly()
  read(): number {
    return this.total;
  }
}

/** A counter that snapshots (every 1,000 logged calls by default), so its log stays short. */
@actor()
class SnapshottingCounter extends Counter {
  snapshot(): number {
    return this.total;
  }
  restore(total: number): void {
    this.total = total;
  }
}

@actor()
class Idle {}

export interface RayxKernel {
  /** Calls, spawns and heap through `ActorCell`. */
  readonly subject: KernelSubject;
  /** A counter whose every call is logged to an `InMemoryCallLog`, with snapshots (so memory stays bounded). */
  startLoggedCounter(): Promise<CounterHandle>;
  /**
   * Writes a counter's log of `calls` logged calls (untimed) and returns a rebuild from
   * that log, which resolves with the rebuilt counter's total.
   */
  prepareRebuild(calls: number): Promise<() => Promise<number>>;
  /** Restarts a killed supervised child `restarts` times; resolves with each restart's ms. */
  supervisorRestarts(restarts: number): Promise<number[]>;
}

const subject: KernelSubject = {
  name: "rayx",
  startCounter() {
    const cell = ActorCell.start(Counter, []);
    return Promise.resolve({
      add: (n: number) => cell.call("add", n),
      tell: (n: number) => cell.tell("add", n),
    });
  },
  spawnIdle(n) {
    const cells = new Array<ActorCell<Idle>>(n);
    for (let i = 0; i < n; i++) cells[i] = ActorCell.start(Idle, []);
    return Promise.resolve(() => {
      for (const cell of cells) cell.exit("shutdown");
    });
  },
  async spawnServed(n) {
    const cells = Array.from({ length: n }, () => ActorCell.start(Counter, []));
    await Promise.all(cells.map((cell) => cell.call("add", 1)));
    return () => {
      for (const cell of cells) cell.exit("shutdown");
    };
  },
};

async function startLoggedCounter(): Promise<CounterHandle> {
  const cell = await ActorCell.rebuild(SnapshottingCounter, [], { callLog: new InMemoryCallLog() });
  return {
    add: (n: number) => cell.call("add", n),
    tell: (n: number) => cell.tell("add", n),
  };
}

async function prepareRebuild(calls: number): Promise<() => Promise<number>> {
  const callLog = new InMemoryCallLog();
  const writer = await ActorCell.rebuild(Counter, [], { callLog });
  const pending: Promise<number>[] = [];
  for (let i = 0; i < calls; i++) pending.push(writer.call("add", 1));
  await Promise.all(pending);
  writer.exit("shutdown");
  if (callLog.length !== calls)
    throw new Error(`call log holds ${callLog.length} entries, expected ${calls}`);
  return async () => {
    const cell = await ActorCell.rebuild(Counter, [], { callLog });
    const total = await cell.call("read");
    cell.exit("shutdown");
    return total;
  };
}

async function supervisorRestarts(restarts: number): Promise<number[]> {
  let started: (cell: Process) => void = () => {};
  const nextStart = () => new Promise<Process>((resolve) => (started = resolve));
  const first = nextStart();
  const supervisor = await Supervisor.start({
    strategy: "one_for_one",
    // Like the Erlang peer's supervisor: never gives up during the run.
    intensity: restarts + 1,
    period: 1000,
    children: [
      {
        id: "counter",
        start: () => {
          const cell = ActorCell.start(Counter, []);
          started(cell);
          return cell;
        },
      },
    ],
  });
  let child = await first;
  const times: number[] = [];
  for (let i = 0; i < restarts; i++) {
    const restarted = nextStart();
    const t0 = performance.now();
    child.exit("killed");
    child = await restarted;
    times.push(performance.now() - t0);
  }
  await supervisor.stop();
  return times;
}

export const rayxKernel: RayxKernel = {
  subject,
  startLoggedCounter,
  prepareRebuild,
  supervisorRestarts,
};
