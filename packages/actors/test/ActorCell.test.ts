/** ActorCell: call order, concurrency, errors (restart vs resume), exits, monitors, transitions, mailbox bounds, tell. */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ActorCell,
  ActorDiedError,
  InvalidActorOptionsError,
  MailboxFullError,
  UnknownMethodError,
  actor,
} from "@rayx/actors";
import type { ExitReason, LifecycleTransition } from "@rayx/actors";
import { SimulatedClock } from "@rayx/actors/testing";
import { gate, turns } from "./support/async.js";

@actor()
class Recorder {
  seen: string[] = [];
  push(item: string): number {
    this.seen.push(item);
    return this.seen.length;
  }
  read(): string[] {
    return [...this.seen];
  }
  fail(message: string): never {
    this.seen.push("partial");
    throw new Error(message);
  }
  async wait(until: Promise<void>): Promise<string> {
    await until;
    return "done";
  }
}

@actor({ onError: "resume" })
class Resilient extends Recorder {}

test("runs 1,000 queued calls from two callers in arrival order, keeping each caller's order", async () => {
  const cell = ActorCell.start(Recorder, []);
  const expected: string[] = [];
  const pending: Promise<number>[] = [];
  for (let i = 0; i < 500; i++) {
    for (const caller of ["a", "b"]) {
      expected.push(`${caller}${i}`);
      pending.push(cell.call("push", `${caller}${i}`));
    }
  }
  assert.equal(cell.queued, 1000);
  const results = await Promise.all(pending);
  assert.deepEqual(
    results,
    Array.from({ length: 1000 }, (_, i) => i + 1),
  );
  assert.deepEqual(await cell.call("read"), expected);
});

test("runs one call at a time by default: an async call holds back the next", async () => {
  const cell = ActorCell.start(Recorder, []);
  const first = gate();
  const waiting = cell.call("wait", first.promise);
  const second = cell.call("push", "after");
  let secondDone = false;
  void second.then(() => (secondDone = true));
  await turns(10);
  assert.equal(secondDone, false);
  assert.equal(cell.queued, 1);
  first.open();
  assert.equal(await waiting, "done");
  assert.equal(await second, 1);
});

test("maxConcurrency lets exactly N async calls interleave", async () => {
  @actor({ maxConcurrency: 3 })
  class Worker {
    running = 0;
    peak = 0;
    async job(until: Promise<void>): Promise<number> {
      this.running++;
      this.peak = Math.max(this.peak, this.running);
      await until;
      this.running--;
      return this.peak;
    }
    state(): [number, number] {
      return [this.running, this.peak];
    }
  }
  const cell = ActorCell.start(Worker, []);
  const gates = Array.from({ length: 10 }, gate);
  const jobs = gates.map((g) => cell.call("job", g.promise));
  await turns(10);
  assert.equal(cell.queued, 7);
  gates.forEach((g) => g.open());
  assert.deepEqual(await Promise.all(jobs), [3, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
  assert.deepEqual(await cell.call("state"), [0, 3]);
});

test("a per-cell maxConcurrency override applies to that cell only", async () => {
  const cell = ActorCell.start(Recorder, [], { maxConcurrency: 2 });
  const gates = [gate(), gate(), gate()];
  const calls = gates.map((g) => cell.call("wait", g.promise));
  await turns(10);
  assert.equal(cell.queued, 1);
  gates.forEach((g) => g.open());
  assert.deepEqual(await Promise.all(calls), ["done", "done", "done"]);
});

test("a method that throws rejects its caller with that error and, by default, crashes the cell", async () => {
  const cell = ActorCell.start(Recorder, []);
  const exits: ExitReason[] = [];
  cell.monitor((reason) => exits.push(reason));
  const failing = cell.call("fail", "boom");
  const queued = cell.call("push", "never");
  await assert.rejects(failing, { message: "boom" });
  await assert.rejects(
    queued,
    (error: unknown) => error instanceof ActorDiedError && error.actorId === cell.id,
  );
  assert.equal(cell.state, "crashed");
  assert.equal(exits.length, 1);
  assert.equal((exits[0] as { error: Error }).error.message, "boom");
});

test("onError resume keeps the instance as it is (partial writes included) and serves the next call", async () => {
  const cell = ActorCell.start(Resilient, []);
  await assert.rejects(cell.call("fail", "boom"), { message: "boom" });
  assert.equal(cell.state, "alive");
  assert.equal(await cell.call("push", "next"), 2);
  assert.deepEqual(await cell.call("read"), ["partial", "next"]);
});

test("an unknown method rejects with an error naming the class and method, and the cell keeps running", async () => {
  const cell = ActorCell.start(Recorder, []);
  await assert.rejects(
    cell.apply("pussh", ["x"]),
    (error: unknown) =>
      error instanceof UnknownMethodError &&
      error.className === "Recorder" &&
      error.method === "pussh" &&
      error.message.startsWith("class Recorder has no method 'pussh'"),
  );
  for (const inherited of ["constructor", "toString", "hasOwnProperty", "__defineGetter__"]) {
    await assert.rejects(cell.apply(inherited, []), UnknownMethodError, inherited);
  }
  assert.equal(cell.state, "alive");
  assert.equal(await cell.call("push", "ok"), 1);
});

test("calls after the cell exited reject with ActorDiedError naming the reason", async () => {
  const cell = ActorCell.start(Recorder, [], { id: "recorder-7" });
  cell.exit("shutdown");
  await assert.rejects(
    cell.call("push", "late"),
    (error: unknown) =>
      error instanceof ActorDiedError &&
      error.code === "RAYX_ACTOR_DIED" &&
      error.reason === "shutdown" &&
      error.message.startsWith("actor 'recorder-7' is dead: it exited (shutdown)"),
  );
});

test("a shutdown lets the running call finish, rejects the queued ones, then stops", async () => {
  const cell = ActorCell.start(Recorder, []);
  const exits: ExitReason[] = [];
  cell.monitor((reason) => exits.push(reason));
  const running = gate();
  const first = cell.call("wait", running.promise);
  const queued = cell.call("push", "queued");
  await turns(5);
  cell.exit("shutdown");
  assert.equal(cell.state, "stopping");
  await assert.rejects(queued, ActorDiedError);
  assert.deepEqual(exits, []);
  running.open();
  assert.equal(await first, "done");
  await turns();
  assert.equal(cell.state, "stopped");
  assert.deepEqual(exits, ["shutdown"]);
});

test("killed ends the cell at once, rejecting the running call", async () => {
  const cell = ActorCell.start(Recorder, []);
  const running = cell.call("wait", new Promise<void>(() => {}));
  await turns(5);
  cell.exit("killed");
  await assert.rejects(
    running,
    (error: unknown) => error instanceof ActorDiedError && error.reason === "killed",
  );
  assert.equal(cell.state, "crashed");
  assert.equal(cell.exitReason, "killed");
});

test("a kill during a slow shutdown ends the cell at once", async () => {
  const cell = ActorCell.start(Recorder, []);
  const exits: ExitReason[] = [];
  cell.monitor((reason) => exits.push(reason));
  const running = cell.call("wait", new Promise<void>(() => {}));
  await turns(5);
  cell.exit("shutdown");
  cell.exit("killed");
  await assert.rejects(running, ActorDiedError);
  assert.deepEqual(exits, ["killed"]);
});

test("a monitor set after the exit hears the reason in a microtask; a removed monitor hears nothing", async () => {
  const cell = ActorCell.start(Recorder, []);
  const heard: ExitReason[] = [];
  const remove = cell.monitor(() => heard.push("removed" as ExitReason));
  remove();
  cell.exit("normal");
  cell.monitor((reason) => heard.push(reason));
  assert.deepEqual(heard, []);
  await turns();
  assert.deepEqual(heard, ["normal"]);
});

test("a monitor set after the exit and removed before its microtask hears nothing", async () => {
  const cell = ActorCell.start(Recorder, []);
  cell.exit("normal");
  const heard: ExitReason[] = [];
  const remove = cell.monitor((reason) => heard.push(reason));
  cell.monitor((reason) => heard.push(reason));
  remove();
  await turns();
  assert.deepEqual(heard, ["normal"]);
});

test("reports every lifecycle transition with the actor id and the clock's time", async () => {
  const clock = new SimulatedClock(500);
  const transitions: LifecycleTransition[] = [];
  const cell = ActorCell.start(Recorder, [], {
    id: "r1",
    clock,
    onTransition: (t) => transitions.push(t),
  });
  clock.advance(10);
  await assert.rejects(cell.call("fail", "x"));
  assert.deepEqual(transitions, [
    { actorId: "r1", from: "pending", to: "scheduled", event: "SCHEDULE", at: 500 },
    { actorId: "r1", from: "scheduled", to: "starting", event: "START", at: 500 },
    { actorId: "r1", from: "starting", to: "alive", event: "STARTED", at: 500 },
    { actorId: "r1", from: "alive", to: "crashed", event: "CRASH", at: 510 },
  ]);
});

test("a constructor that throws fails the start and leaves the cell crashed", () => {
  @actor()
  class Broken {
    constructor(reason: string) {
      throw new Error(reason);
    }
  }
  const transitions: string[] = [];
  assert.throws(
    () => ActorCell.start(Broken, ["no config"], { onTransition: (t) => transitions.push(t.to) }),
    { message: "no config" },
  );
  assert.deepEqual(transitions, ["scheduled", "starting", "crashed"]);
});

test("a bounded mailbox with overflow reject fails calls past its capacity with MailboxFullError", async () => {
  const cell = ActorCell.start(Recorder, [], { id: "small", mailbox: { capacity: 2 } });
  const calls = [cell.call("push", "a"), cell.call("push", "b"), cell.call("push", "c")];
  const settled = await Promise.allSettled(calls);
  assert.deepEqual(
    settled.map((s) => s.status),
    ["fulfilled", "fulfilled", "rejected"],
  );
  const rejected = settled[2] as PromiseRejectedResult;
  assert.ok(rejected.reason instanceof MailboxFullError);
  assert.equal(rejected.reason.owner, "small");
  assert.deepEqual(await cell.call("read"), ["a", "b"]);
});

test("a bounded mailbox with backpressure holds extra calls and runs them all in order", async () => {
  const cell = ActorCell.start(Recorder, [], {
    mailbox: { capacity: 2, overflow: "backpressure" },
  });
  const calls = ["a", "b", "c", "d", "e"].map((item) => cell.call("push", item));
  assert.equal(cell.queued, 2);
  assert.deepEqual(await Promise.all(calls), [1, 2, 3, 4, 5]);
  assert.deepEqual(await cell.call("read"), ["a", "b", "c", "d", "e"]);
});

test("ActorCell.current() is the cell whose method is running", async () => {
  @actor()
  class WhoAmI {
    who(): string | undefined {
      return ActorCell.current()?.id;
    }
  }
  const cell = ActorCell.start(WhoAmI, [], { id: "me" });
  assert.equal(await cell.call("who"), "me");
  assert.equal(ActorCell.current(), undefined);
});

test("trapExits needs an onExit method, and says so", () => {
  assert.throws(() => ActorCell.start(Recorder, [], { trapExits: true }), InvalidActorOptionsError);
});

test("tell sends one-way messages that run in turn with calls", async () => {
  const cell = ActorCell.start(Recorder, []);
  cell.tell("push", "a");
  const b = cell.call("push", "b");
  cell.tell("push", "c");
  assert.equal(await b, 2);
  assert.deepEqual(await cell.call("read"), ["a", "b", "c"]);
});

test("a told method that throws still crashes the cell; a tell to an exited cell is dropped", async () => {
  const cell = ActorCell.start(Recorder, []);
  const exits: ExitReason[] = [];
  cell.monitor((reason) => exits.push(reason));
  cell.tell("fail", "told to fail");
  await turns(3);
  assert.equal(cell.state, "crashed");
  assert.equal((exits[0] as { error: Error }).error.message, "told to fail");
  assert.doesNotThrow(() => cell.tell("push", "dropped"));
});

test("tell to a full rejecting mailbox throws MailboxFullError", () => {
  const cell = ActorCell.start(Recorder, [], { mailbox: { capacity: 1 } });
  cell.tell("push", "a");
  assert.throws(() => cell.tell("push", "b"), MailboxFullError);
});

test("with maxConcurrency > 1, a shutdown waits for every running call and a kill rejects them all", async () => {
  const stopped = ActorCell.start(Recorder, [], { maxConcurrency: 3 });
  const gates = [gate(), gate()];
  const running = gates.map((g) => stopped.call("wait", g.promise));
  await turns(3);
  stopped.exit("shutdown");
  gates[0]?.open();
  assert.equal(await running[0], "done");
  assert.equal(stopped.state, "stopping");
  gates[1]?.open();
  assert.equal(await running[1], "done");
  assert.equal(stopped.state, "stopped");

  const killed = ActorCell.start(Recorder, [], { maxConcurrency: 3 });
  const hung = [1, 2, 3].map(() => killed.call("wait", new Promise<void>(() => {})));
  await turns(3);
  killed.exit("killed");
  const outcomes = await Promise.allSettled(hung);
  assert.deepEqual(
    outcomes.map((o) => o.status === "rejected" && o.reason instanceof ActorDiedError),
    [true, true, true],
  );
});
