/**
 * Type-level tests of constructor arguments, checked by `tsc` (`npm run lint`), never
 * run: `spawn(Class, args)` and a supervised child's `{ actor, args }` must match the
 * constructor; each line that must not compile carries `@ts-expect-error`.
 */
import { spawn, supervise } from "@rayx/core";
import type { ActorHandle } from "@rayx/core";
import type { Caller, Counter } from "./fixtures/actors.js";

/** `Counter(start = 0)` takes an optional number; `Caller(target)` needs a Counter handle. */
export async function spawnArguments(
  CounterClass: typeof Counter,
  CallerClass: typeof Caller,
  target: ActorHandle<Counter>,
) {
  const none: ActorHandle<Counter> = await spawn(CounterClass);
  const some: ActorHandle<Counter> = await spawn(CounterClass, [10], { name: "c" });
  const needed: ActorHandle<Caller> = await spawn(CallerClass, [target]);
  // @ts-expect-error Caller's constructor needs its target
  await spawn(CallerClass);
  // @ts-expect-error Caller's constructor needs its target, not an empty list
  await spawn(CallerClass, []);
  // @ts-expect-error start is a number, not a string
  await spawn(CounterClass, ["ten"]);
  // @ts-expect-error Counter takes one argument at most
  await spawn(CounterClass, [1, 2]);
  // @ts-expect-error the handle is of a Counter, not of a Caller
  const wrong: ActorHandle<Caller> = await spawn(CounterClass);
  return [none, some, needed, wrong];
}

export async function supervisedChildArguments(
  CounterClass: typeof Counter,
  CallerClass: typeof Caller,
  target: ActorHandle<Counter>,
) {
  await supervise({
    children: [
      { id: "a", actor: CounterClass },
      { id: "b", actor: CounterClass, args: [10] },
      { id: "c", actor: CallerClass, args: [target] },
      { id: "d", supervisor: { children: [{ id: "e", actor: CallerClass, args: [target] }] } },
    ],
  });
  await supervise({
    // @ts-expect-error Caller's constructor needs its target
    children: [{ id: "a", actor: CallerClass }],
  });
  await supervise({
    // @ts-expect-error start is a number, not a string
    children: [{ id: "a", actor: CounterClass, args: ["ten"] }],
  });
  await supervise({
    children: [
      // @ts-expect-error a nested tree's children are checked too
      { id: "d", supervisor: { children: [{ id: "e", actor: CallerClass, args: [1] }] } },
    ],
  });
}
