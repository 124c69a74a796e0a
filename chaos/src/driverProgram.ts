/**
 * A driver of the "driver-kill" scenario, in its own process:
 * `driverProgram.ts <address> <firstToken> <counterNames JSON>`. It finds the
 * detached counters by name and loads them until it is killed, noting each call on
 * stdout as it goes — `S <token> <counter>` before the call, `A <token>` when it was
 * acknowledged, `E <token> <ErrorName>` when it was rejected — so the scenario knows
 * exactly what this driver saw acknowledged before its `kill -9`.
 */
import { getActor, init } from "@rayx/core";
import type { TokenCounter } from "./counters.js";
import { LANES } from "./counterLoad.js";
import type { CallNotes } from "./Ledger.js";
import { runLoad } from "./load.js";

const [address = "", first = "0", names = "[]"] = process.argv.slice(2);
await init({ address });
const counters = await Promise.all(
  (JSON.parse(names) as string[]).map((name) => getActor<TokenCounter>(name)),
);
let next = Number(first);
// Pipe writes are synchronous on Linux: a line written is the scenario's even if we die next.
const notes: CallNotes = {
  send(counter) {
    const token = next++;
    process.stdout.write(`S ${token} ${counter}\n`);
    return token;
  },
  settle(token, outcome) {
    process.stdout.write(outcome === "ok" ? `A ${token}\n` : `E ${token} ${outcome}\n`);
  },
};
process.stdout.write("READY\n");
await runLoad({
  counters,
  lanes: LANES,
  ledger: notes,
  until: Infinity,
});
