/**
 * Starts a supervisor over `TestWorkers` on a `SimulatedClock`, recording its
 * events and its exit reason; `summary` condenses its children for exact asserts.
 */
import {
  Supervisor,
  type ExitReason,
  type SupervisorEvent,
  type SupervisorSpec,
} from "@rayx/actors";
import { SimulatedClock } from "@rayx/actors/testing";
import { TestWorkers } from "./TestWorkers.js";

export interface TestSupervisor {
  readonly supervisor: Supervisor;
  readonly workers: TestWorkers;
  readonly clock: SimulatedClock;
  readonly events: SupervisorEvent[];
  /** Resolves with the supervisor's exit reason. */
  readonly exited: Promise<ExitReason>;
}

/** Starts supervisor `sup` from `spec(workers)`; the start log is cleared so tests see only what follows. */
export async function startTestSupervisor(
  spec: (workers: TestWorkers) => SupervisorSpec,
  workers = new TestWorkers(),
): Promise<TestSupervisor> {
  const clock = new SimulatedClock();
  const events: SupervisorEvent[] = [];
  const supervisor = await Supervisor.start(spec(workers), {
    id: "sup",
    clock,
    onEvent: (event) => events.push(event),
  });
  const exited = new Promise<ExitReason>((resolve) => supervisor.monitor(resolve));
  workers.takeLog();
  return { supervisor, workers, clock, events, exited };
}

/** `{ id: "<restarts>" }` per child, prefixed by its state when it is not running: `"stopped 0"`. */
export async function summary(supervisor: Supervisor): Promise<Record<string, string>> {
  const children = await supervisor.children();
  return Object.fromEntries(
    children.map((child) => [
      child.id,
      `${child.state === "running" ? "" : `${child.state} `}${child.restarts}`,
    ]),
  );
}
