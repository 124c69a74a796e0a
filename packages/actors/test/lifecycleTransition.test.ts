/** The compiled lifecycle table against xstate's own transition(), and illegal transitions. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { transition } from "xstate";
import {
  IllegalTransitionError,
  lifecycleEvents,
  lifecycleMachine,
  lifecycleStates,
  lifecycleTransition,
} from "@rayx/actors";
import type { LifecycleState } from "@rayx/actors";

test("the compiled table agrees with xstate's transition() for every (state, event) pair", () => {
  let legal = 0;
  for (const state of lifecycleStates) {
    for (const event of lifecycleEvents) {
      const [next] = transition(lifecycleMachine, lifecycleMachine.resolveState({ value: state }), {
        type: event,
      });
      const expected = next.value;
      // The machine has no self-transitions, so an unchanged state means xstate ignored the event.
      if (expected === state) {
        assert.throws(
          () => lifecycleTransition(state, event),
          IllegalTransitionError,
          `${state} + ${event}`,
        );
      } else {
        assert.equal(lifecycleTransition(state, event), expected, `${state} + ${event}`);
        legal++;
      }
    }
  }
  assert.equal(legal, 28);
});

test("covers the states of the design, in order of a first start", () => {
  assert.deepEqual(lifecycleStates, [
    "pending",
    "scheduled",
    "starting",
    "alive",
    "crashed",
    "restarting",
    "replaying",
    "stopping",
    "stopped",
    "dead",
  ]);
});

test("walks a crash, a rebuild and a stop", () => {
  const path: LifecycleState[] = ["pending"];
  for (const event of [
    "SCHEDULE",
    "START",
    "STARTED",
    "CRASH",
    "RESTART",
    "REPLAY",
    "REPLAYED",
    "STOP",
    "STOPPED",
  ] as const) {
    path.push(lifecycleTransition(path[path.length - 1] as LifecycleState, event));
  }
  assert.deepEqual(path, [
    "pending",
    "scheduled",
    "starting",
    "alive",
    "crashed",
    "restarting",
    "replaying",
    "alive",
    "stopping",
    "stopped",
  ]);
});

test("an illegal transition throws an error naming the state, the event and what is allowed", () => {
  assert.throws(
    () => lifecycleTransition("alive", "REPLAYED"),
    (error: unknown) =>
      error instanceof IllegalTransitionError &&
      error.code === "RAYX_ILLEGAL_TRANSITION" &&
      error.state === "alive" &&
      error.event === "REPLAYED" &&
      error.message ===
        "lifecycle event REPLAYED is not allowed in state 'alive' (allowed there: CRASH, STOP, KILL)",
  );
  assert.throws(() => lifecycleTransition("dead", "RESTART"), /none, it is final/);
});
