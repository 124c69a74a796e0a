import assert from "node:assert/strict";
import { test } from "node:test";
import { bestOf } from "../../src/kernel/erlangPeer.js";
import type { ErlangFigures } from "../../src/kernel/erlangPeer.js";

const before: ErlangFigures = {
  spawnPerSec: 800_000,
  bytesPerIdleProcess: 2_700,
  bytesPerServedProcess: 2_900,
  sendPerSec: 9_000_000,
  awaitedRoundTripsPerSec: 700_000,
  pipelinedRoundTripsPerSec: 5_000_000,
  supervisorRestartMicros: 4,
  otpRelease: 25,
};
const after: ErlangFigures = {
  spawnPerSec: 600_000,
  bytesPerIdleProcess: 2_680,
  bytesPerServedProcess: 2_950,
  sendPerSec: 12_000_000,
  awaitedRoundTripsPerSec: 1_800_000,
  pipelinedRoundTripsPerSec: 4_000_000,
  supervisorRestartMicros: 7,
  otpRelease: 25,
};

test("bestOf keeps Erlang's better run of each figure: highest rates, lowest bytes and times", () => {
  assert.deepEqual(bestOf(before, after), {
    spawnPerSec: 800_000,
    bytesPerIdleProcess: 2_680,
    bytesPerServedProcess: 2_900,
    sendPerSec: 12_000_000,
    awaitedRoundTripsPerSec: 1_800_000,
    pipelinedRoundTripsPerSec: 5_000_000,
    supervisorRestartMicros: 4,
    otpRelease: 25,
  });
});
