/**
 * Type-level tests of `ActorHandle<T>`, checked by `tsc` (`npm run lint`), never run:
 * each line that must not compile carries `@ts-expect-error`, so tsc fails if it does.
 */
import { put } from "@rayx/core";
import type { ActorHandle, ObjectRef } from "@rayx/core";
import type { Counter, Recorder } from "./fixtures/actors.js";

/** A method takes its argument's value or a ref to it, and returns a ref of its result. */
export function refArguments(counter: ActorHandle<Counter>, recorder: ActorHandle<Recorder>) {
  const byValue: ObjectRef<number> = counter.add(1);
  const byRef: ObjectRef<number> = counter.add(put(2));
  const byResult: ObjectRef<number> = counter.add(recorder.push(3));
  // @ts-expect-error a ref to a string is not a number argument
  counter.add(put("three"));
  // @ts-expect-error a string is not a number argument
  counter.add("three");
  // @ts-expect-error the result is a ref of a number, not of a string
  const wrongResult: ObjectRef<string> = counter.read();
  return [byValue, byRef, byResult, wrongResult];
}
