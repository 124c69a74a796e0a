/** formatTree: branch lines of nested supervisors, actor state/restarts/place, the empty forest. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatTree } from "../../src/internal/formatTree.js";

test("draws nested supervisors with branch lines and each actor's state, restarts and place", () => {
  const text = formatTree(
    {
      roots: [
        {
          kind: "supervisor",
          supervisorId: "s1",
          name: "app",
          strategy: "one_for_all",
          state: "alive",
          children: [
            {
              kind: "supervisor",
              childId: "pool",
              supervisorId: "s2",
              state: "restarting",
              children: [
                {
                  kind: "actor",
                  childId: "w",
                  actorId: "a1",
                  className: "W",
                  state: "alive",
                  restarts: 2,
                  nodeId: "n1",
                },
              ],
            },
            { kind: "actor", childId: "db", actorId: "db", state: "unknown" },
          ],
        },
      ],
      unsupervised: [],
    },
    false,
  );
  assert.equal(
    text,
    [
      "app (supervisor one_for_all) alive",
      "├─ s2 (supervisor) restarting",
      "│  └─ w [a1] W alive  restarts 2, on n1",
      "└─ db unknown",
    ].join("\n"),
  );
});

test("says so when there is nothing to draw", () => {
  assert.equal(formatTree({ roots: [], unsupervised: [] }, false), "(no supervisors or actors)");
});
