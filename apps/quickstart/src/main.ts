/**
 * The quick start: a supervised counter actor that crashes and comes back with its
 * state. The supervisor rebuilds the crashed actor by replaying its call log; the
 * call that threw is not in the log, so its partial write is rolled back.
 * Runs in one process on the actor kernel (`@rayx/actors`).
 */
import { ActorCell, InMemoryCallLog, Supervisor, actor, readonly } from "@rayx/actors";

@actor()
class Counter {
  count = 0;

  add(n: number): number {
    return (this.count += n);
  }

  /** Writes, then throws: the write must not survive the crash. */
  addThenFail(n: number): never {
    this.count += n;
    throw new Error(`failed after adding ${n}`);
  }

  @readonly()
  read(): number {
    return this.count;
  }
}

const log = new InMemoryCallLog();
let restarted: () => void = () => {};
const supervisor = await Supervisor.start(
  {
    name: "quickstart",
    strategy: "one_for_one",
    children: [{ id: "counter", start: () => ActorCell.rebuild(Counter, [], { callLog: log }) }],
  },
  { onEvent: (event) => event.type === "child_started" && restarted() },
);

async function counter(): Promise<ActorCell<Counter>> {
  return (await supervisor.child("counter")) as ActorCell<Counter>;
}

const first = await counter();
for (let i = 1; i <= 1000; i++) await first.call("add", 1);
console.log(`counter after 1,000 logged increments: ${await first.call("read")}`);

const back = new Promise<void>((resolve) => (restarted = resolve));
await first
  .call("addThenFail", 500)
  .catch((error: Error) => console.log(`call crashed the actor: ${error.message}`));
await back;
const rebuilt = await counter();
console.log(`rebuilt by replaying ${log.length} logged calls: ${await rebuilt.call("read")}`);
console.log(`one more increment: ${await rebuilt.call("add", 1)}`);
const [info] = await supervisor.children();
console.log(`restarts: ${info?.restarts}`);
await supervisor.stop();
