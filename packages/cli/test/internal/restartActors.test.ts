/** formatChange: the line `rayx kill` and `rayx restart` print per actor. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatChange, type ActorChange } from "../../src/internal/restartActors.js";

const change: ActorChange = {
  actorId: "Counter-1-42",
  name: "counter",
  className: "Counter",
  before: { state: "alive", restarts: 1, pid: 101, nodeId: "n1" },
  after: { state: "alive", restarts: 2, pid: 202, nodeId: "n2" },
  logLength: 5,
};

test("says pid old → new with the node, restarts n → n+1 and the call log's length", () => {
  assert.equal(
    formatChange(change),
    "counter (Counter-1-42): pid 101 → 202 on n2, restarts 1 → 2, call log 5 calls",
  );
  const { name: _name, ...unnamed } = change;
  assert.equal(
    formatChange({ ...unnamed, logLength: 1 }),
    "Counter-1-42: pid 101 → 202 on n2, restarts 1 → 2, call log 1 call",
  );
});

test("says the state it ended in when the actor did not come back", () => {
  const { pid: _pid, nodeId: _nodeId, ...gone } = change.after;
  assert.equal(
    formatChange({ ...change, after: { ...gone, state: "dead" } }),
    "counter (Counter-1-42): alive → dead (was pid 101, restarts 1)",
  );
});
