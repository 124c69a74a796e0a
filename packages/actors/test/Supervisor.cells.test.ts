/**
 * Supervisors over real `ActorCell`s: a crashed actor is rebuilt from its call log
 * and comes back with its state; strategies restart the right cells; a cell stuck
 * in a call is killed once its shutdown time has passed on the simulated clock.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ActorCell,
  ActorDiedError,
  InMemoryCallLog,
  Supervisor,
  actor,
  readonly,
  type ExitReason,
  type SupervisorEvent,
} from "@rayx/actors";
import { SimulatedClock } from "@rayx/actors/testing";

@actor()
class Counter {
  count = 0;
  add(n: number): number {
    return (this.count += n);
  }
  fail(): never {
    throw new Error("counter bug");
  }
  @readonly()
  read(): number {
    return this.count;
  }
}

@actor()
class Slow {
  /** Never returns on its own: the cell cannot finish this call when asked to stop. */
  async hang(): Promise<void> {
    await new Promise<void>(() => {});
  }
}

/** Records supervisor events and lets a test wait for the next one that matches. */
class Events {
  readonly seen: SupervisorEvent[] = [];
  readonly #waiters: { match: (event: SupervisorEvent) => boolean; resolve: () => void }[] = [];

  readonly listener = (event: SupervisorEvent): void => {
    this.seen.push(event);
    for (const waiter of [...this.#waiters]) {
      if (!waiter.match(event)) continue;
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };

  next(match: (event: SupervisorEvent) => boolean): Promise<void> {
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }
}

/** A child spec that rebuilds a `Counter` cell from its own call log on every start. */
function counter(id: string, log = new InMemoryCallLog()) {
  return { id, start: () => ActorCell.rebuild(Counter, [], { callLog: log, id }) };
}

async function cell(supervisor: Supervisor, id: string): Promise<ActorCell<Counter>> {
  const process = await supervisor.child(id);
  assert.ok(process instanceof ActorCell, `child '${id}' is a running cell`);
  return process as ActorCell<Counter>;
}

test("rebuilds a crashed actor from its call log, with its state", async () => {
  const events = new Events();
  const supervisor = await Supervisor.start(
    { children: [counter("counter")] },
    { onEvent: events.listener },
  );
  const first = await cell(supervisor, "counter");
  await first.call("add", 2);
  await first.call("add", 3);
  const restarted = events.next((event) => event.type === "child_started" && event.restart);
  await assert.rejects(first.call("fail"), /counter bug/);
  await restarted;
  const second = await cell(supervisor, "counter");
  assert.notEqual(second, first);
  assert.equal(await second.call("read"), 5);
  await assert.rejects(first.call("read"), ActorDiedError);
  assert.deepEqual(
    (await supervisor.children()).map(({ id, state, restarts }) => [id, state, restarts]),
    [["counter", "running", 1]],
  );
  await supervisor.stop();
  assert.equal(second.state, "stopped");
  assert.equal(second.exitReason, "shutdown");
});

test("restarts the crashed cell and the cells after it under rest_for_one, each with its own state", async () => {
  const events = new Events();
  const supervisor = await Supervisor.start(
    { strategy: "rest_for_one", children: [counter("a"), counter("b"), counter("c")] },
    { onEvent: events.listener },
  );
  for (const [id, n] of [
    ["a", 1],
    ["b", 10],
    ["c", 100],
  ] as const) {
    await (await cell(supervisor, id)).call("add", n);
  }
  const a = await cell(supervisor, "a");
  const cRestarted = events.next(
    (event) => event.type === "child_started" && event.childId === "c" && event.restart,
  );
  await assert.rejects((await cell(supervisor, "b")).call("fail"));
  await cRestarted;
  assert.equal(await cell(supervisor, "a"), a);
  const counts = [];
  for (const id of ["a", "b", "c"]) counts.push(await (await cell(supervisor, id)).call("read"));
  assert.deepEqual(counts, [1, 10, 100]);
  assert.deepEqual(
    events.seen
      .filter((event) => event.type === "child_exited" || event.type === "child_stopped")
      .map((event) => `${event.type} ${"childId" in event ? event.childId : ""}`),
    ["child_exited b", "child_stopped c"],
  );
  await supervisor.stop();
});

test("kills a cell stuck in a call once its shutdown time has passed", async () => {
  const clock = new SimulatedClock();
  const events = new Events();
  let askedToStop = (): void => {};
  const stopping = new Promise<void>((resolve) => (askedToStop = resolve));
  const slow = ActorCell.start(Slow, [], {
    id: "slow",
    onTransition: (transition) => {
      if (transition.to === "stopping") askedToStop();
    },
  });
  const supervisor = await Supervisor.start(
    { children: [{ id: "slow", start: () => slow, shutdown: 2000 }, counter("counter")] },
    { clock, onEvent: events.listener },
  );
  const hanging = slow.call("hang");
  const exited = new Promise<ExitReason>((resolve) => supervisor.monitor(resolve));
  const stopped = supervisor.stop();
  await stopping; // the supervisor sent "shutdown" and set its kill timer in the same turn
  clock.advance(1999);
  assert.equal(slow.state, "stopping");
  clock.advance(1);
  await stopped;
  assert.equal(await exited, "shutdown");
  assert.equal(slow.exitReason, "killed");
  await assert.rejects(hanging, ActorDiedError);
  assert.deepEqual(
    events.seen.flatMap((event) =>
      event.type === "child_stopped" ? [[event.childId, event.reason]] : [],
    ),
    [
      ["counter", "shutdown"],
      ["slow", "killed"],
    ],
  );
});
