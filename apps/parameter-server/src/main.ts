/**
 * The parameter server example (Ray's classic push/pull): a `ParameterServer` actor
 * holds the weights of a linear model; each round, one `trainShard` task per data
 * shard pulls the weights, computes its gradient and pushes it; then the server
 * applies their mean. The loss falls round after round toward zero — also across
 * a `kill -9` of the server's worker halfway through: the server comes back with
 * its weights (rebuilt from its call log), so the next round goes on where it was.
 */
import { get, init, inspect, main, shutdown, spawn } from "@rayx/core";
import { ParameterServer } from "./ParameterServer.js";
import { TRUE_WEIGHTS, trainShard } from "./trainShard.js";

const SHARDS = 4;
const ROUNDS = 10;
const LEARNING_RATE = 0.5;

main(async () => {
  await init({ numWorkers: 2 });
  const server = await spawn(ParameterServer, [TRUE_WEIGHTS.length, LEARNING_RATE]);
  console.log(`training ${TRUE_WEIGHTS.length} weights on ${SHARDS} shards, ${ROUNDS} rounds`);
  const shards = Array.from({ length: SHARDS }, (_, shard) => shard);
  for (let round = 1; round <= ROUNDS; round++) {
    await get(shards.map((shard) => trainShard.remote(server, shard)));
    const loss = await server.step();
    console.log(`round ${String(round).padStart(2)}: loss ${loss.toFixed(6)}`);
    if (round === ROUNDS / 2) {
      const { pid } = await inspect(server);
      if (pid === undefined) throw new Error("inspect() did not report the server's worker pid");
      process.kill(pid, "SIGKILL");
      console.log(`kill -9 of the server's worker (pid ${pid}): training goes on`);
    }
  }
  const weights = await server.getWeights();
  console.log(`learned: ${[...weights].map((w) => w.toFixed(3)).join(" ")}`);
  console.log(`true:    ${[...TRUE_WEIGHTS].map((w) => w.toFixed(3)).join(" ")}`);
  console.log(`server restarts: ${(await inspect(server)).restarts}`);
  await shutdown();
});
