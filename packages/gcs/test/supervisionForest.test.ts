/** supervisionForest: nesting in start order, unsupervised actors, missing child records, parent cycles. */
import type { ActorInfo, SupervisorInfo } from "../src/records.js";
import assert from "node:assert/strict";
import { test } from "node:test";
import { supervisionForest } from "../src/supervisionForest.js";

const supervisor = (
  id: string,
  children: SupervisorInfo["children"],
  parentId?: string,
): SupervisorInfo => ({
  supervisorId: id,
  ...(parentId === undefined ? {} : { parentId }),
  strategy: "one_for_one",
  intensity: 3,
  periodMs: 5_000,
  spec: new Uint8Array(),
  children,
  state: "alive",
  updatedAt: 0,
});
const actor = (id: string, state: ActorInfo["state"]): ActorInfo => ({
  actorId: id,
  jobId: "j",
  className: "C",
  module: "m",
  ownerId: "o",
  state,
  restarts: 0,
  maxRestarts: 3,
  namespace: "default",
  updatedAt: 0,
});

test("nests child supervisors under their parent in start order and keeps unsupervised actors apart", () => {
  const forest = supervisionForest(
    [
      supervisor("child", [{ childId: "x", actorId: "a2" }], "root"),
      supervisor("root", [
        { childId: "first", actorId: "a1" },
        { childId: "sub", supervisorId: "child" },
      ]),
    ],
    [actor("a1", "alive"), actor("a2", "crashed"), actor("a3", "stopped")],
  );
  assert.deepEqual(
    forest.roots.map((r) => [
      r.supervisorId,
      r.children.map((c) => (c.kind === "actor" ? c.actorId : c.supervisorId)),
    ]),
    [["root", ["a1", "child"]]],
  );
  const sub = forest.roots[0]?.children[1];
  assert.equal(sub?.kind === "supervisor" ? sub.children[0]?.state : undefined, "crashed");
  assert.deepEqual(
    forest.unsupervised.map((a) => a.actorId),
    ["a3"],
  );
});

test("shows a child whose actor record is missing as state unknown", () => {
  const forest = supervisionForest([supervisor("s", [{ childId: "gone", actorId: "a9" }])], []);
  assert.deepEqual(forest.roots[0]?.children, [
    { kind: "actor", childId: "gone", actorId: "a9", state: "unknown" },
  ]);
});

test("shows each supervisor of a parent cycle once instead of looping", () => {
  const forest = supervisionForest(
    [
      supervisor("s1", [{ childId: "c", supervisorId: "s2" }], "s2"),
      supervisor("s2", [{ childId: "c", supervisorId: "s1" }], "s1"),
    ],
    [],
  );
  assert.deepEqual(
    forest.roots.map((r) => [
      r.supervisorId,
      r.children.map((c) => (c.kind === "supervisor" ? c.supervisorId : c.actorId)),
    ]),
    [["s1", ["s2"]]],
  );
});

test("puts actors under the supervisor they name when it does not list them, even without its record", () => {
  const forest = supervisionForest(
    [supervisor("s", [{ childId: "first", actorId: "a1" }])],
    [
      actor("a1", "alive"),
      { ...actor("a2", "alive"), supervisorId: "s" },
      { ...actor("a3", "alive"), supervisorId: "job-1/root" },
    ],
  );
  assert.deepEqual(
    forest.roots.map((r) => [
      r.supervisorId,
      r.state,
      r.children.map((c) => (c.kind === "actor" ? c.actorId : c.supervisorId)),
    ]),
    [
      ["s", "alive", ["a1", "a2"]],
      ["job-1/root", "unknown", ["a3"]],
    ],
  );
  assert.deepEqual(forest.unsupervised, []);
});
