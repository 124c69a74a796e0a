/** ActorCell links: propagation of each exit reason, trapping exits as onExit notices, unlink, links to any Process. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ActorCell, actor } from "@rayx/actors";
import type { ExitNotice, ExitReason, Process } from "@rayx/actors";
import { turns } from "./support/async.js";

@actor()
class Worker {
  items: string[] = [];
  push(item: string): number {
    return this.items.push(item);
  }
  crash(message: string): never {
    throw new Error(message);
  }
  async hold(until: Promise<void>): Promise<void> {
    await until;
  }
}

@actor({ trapExits: true })
class Trapper extends Worker {
  notices: ExitNotice[] = [];
  onExit(notice: ExitNotice): void {
    this.notices.push(notice);
    this.items.push(`exit:${notice.from}`);
  }
  read(): { items: string[]; notices: ExitNotice[] } {
    return { items: this.items, notices: this.notices };
  }
}

function exitsOf(process: Process): ExitReason[] {
  const exits: ExitReason[] = [];
  process.monitor((reason) => exits.push(reason));
  return exits;
}

/** Makes `cell` exit with `reason` the way it happens in practice. */
async function exitWith(cell: ActorCell<Worker>, reason: ExitReason): Promise<void> {
  if (typeof reason === "object")
    await cell.call("crash", (reason.error as Error).message).catch(() => {});
  else cell.exit(reason);
}

for (const reason of ["shutdown", "killed", { error: new Error("boom") }] as const) {
  const label = typeof reason === "string" ? reason : "an error";
  test(`an exit with ${label} takes the linked cell down with the same reason`, async () => {
    const a = ActorCell.start(Worker, []);
    const b = ActorCell.start(Worker, []);
    a.link(b);
    const exits = exitsOf(b);
    await exitWith(a, reason);
    assert.equal(exits.length, 1);
    if (typeof reason === "string") assert.equal(exits[0], reason);
    else assert.equal((exits[0] as { error: Error }).error.message, "boom");
    assert.equal(b.state, reason === "shutdown" ? "stopped" : "crashed");
    await assert.rejects(b.call("push", "x"), { name: "ActorDiedError" });
  });
}

test("a normal exit does not propagate over a link", async () => {
  const a = ActorCell.start(Worker, []);
  const b = ActorCell.start(Worker, []);
  a.link(b);
  a.exit("normal");
  await turns();
  assert.equal(b.state, "alive");
  assert.equal(await b.call("push", "still here"), 1);
});

test("links are bidirectional and propagate along a chain", async () => {
  const a = ActorCell.start(Worker, []);
  const b = ActorCell.start(Worker, []);
  const c = ActorCell.start(Worker, []);
  a.link(b);
  b.link(c);
  await assert.rejects(c.call("crash", "from the end"));
  assert.deepEqual([a.state, b.state, c.state], ["crashed", "crashed", "crashed"]);
});

test("a cell that traps exits gets the exit as an onExit notice and stays alive", async () => {
  const a = ActorCell.start(Worker, [], { id: "a" });
  const t = ActorCell.start(Trapper, [], { id: "t" });
  t.link(a);
  a.exit("killed");
  const { notices } = await t.call("read");
  assert.deepEqual(notices, [{ from: "a", reason: "killed" }]);
  assert.equal(t.state, "alive");
});

test("a trapped exit notice is served before user calls already queued", async () => {
  const a = ActorCell.start(Worker, [], { id: "a" });
  const t = ActorCell.start(Trapper, [], { id: "t" });
  t.link(a);
  let release = (): void => {};
  const holding = t.call("hold", new Promise<void>((resolve) => (release = resolve)));
  const queued = [t.call("push", "u1"), t.call("push", "u2")];
  await turns();
  a.exit("shutdown");
  release();
  await holding;
  await Promise.all(queued);
  assert.deepEqual((await t.call("read")).items, ["exit:a", "u1", "u2"]);
});

test("a trapping cell also hears normal exits of linked cells", async () => {
  const a = ActorCell.start(Worker, [], { id: "a" });
  const t = ActorCell.start(Trapper, [], { id: "t" });
  a.link(t);
  a.exit("normal");
  assert.deepEqual((await t.call("read")).notices, [{ from: "a", reason: "normal" }]);
});

test("unlink removes the link in both directions", async () => {
  const a = ActorCell.start(Worker, []);
  const b = ActorCell.start(Worker, []);
  a.link(b);
  b.unlink(a);
  await assert.rejects(a.call("crash", "alone"));
  assert.equal(b.state, "alive");
});

test("linking to a cell that already crashed takes the linker down", async () => {
  const dead = ActorCell.start(Worker, []);
  await assert.rejects(dead.call("crash", "early"));
  const late = ActorCell.start(Worker, []);
  const exits = exitsOf(late);
  late.link(dead);
  await turns();
  assert.equal(late.state, "crashed");
  assert.equal((exits[0] as { error: Error }).error.message, "early");
});

test("links work with any Process: its abnormal exit crashes the cell, the cell's exit signals it", async () => {
  /** The smallest Process: exits when told and tells its monitors. */
  class Peer implements Process {
    readonly id = "peer";
    readonly signals: ExitReason[] = [];
    #monitors: ((reason: ExitReason) => void)[] = [];
    exit(reason: ExitReason): void {
      this.signals.push(reason);
      for (const listener of this.#monitors.splice(0)) listener(reason);
    }
    monitor(listener: (reason: ExitReason) => void): () => void {
      this.#monitors.push(listener);
      return () => this.#monitors.splice(this.#monitors.indexOf(listener), 1);
    }
  }
  const first = new Peer();
  const cell = ActorCell.start(Worker, []);
  cell.link(first);
  first.exit({ error: new Error("peer crashed") });
  assert.equal(cell.state, "crashed");

  const second = new Peer();
  const other = ActorCell.start(Worker, []);
  other.link(second);
  await assert.rejects(other.call("crash", "cell crashed"));
  assert.equal(second.signals.length, 1);
  assert.equal((second.signals[0] as { error: Error }).error.message, "cell crashed");
});
