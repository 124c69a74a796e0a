/**
 * The worker's side of the parameter server, as a task: pull the weights, compute
 * the gradient of the mean squared error on this shard's synthetic data, push it.
 * The data is a linear model `y = x · TRUE_WEIGHTS` whose features are a fixed
 * function of (shard, sample, feature), so every run and every retry sees the same numbers.
 */
import { task } from "@rayx/core";
import type { ActorHandle } from "@rayx/core";
import type { ParameterServer } from "./ParameterServer.js";

/** The weights training should find. */
export const TRUE_WEIGHTS = Float64Array.of(1.5, -2, 0.5, 3, -1, 2.5, -0.5, 1);

const SAMPLES_PER_SHARD = 256;

/**
 * Pulls the weights from `server`, pushes the gradient and loss of `shard`'s data at
 * those weights; returns how many shards the server holds for this round.
 */
export const trainShard = task(async function trainShard(
  server: ActorHandle<ParameterServer>,
  shard: number,
): Promise<number> {
  const weights = await server.getWeights();
  const { gradient, loss } = gradientOf(weights, shard);
  return await server.push(shard, gradient, loss);
});

/** Mean squared error on the shard and its gradient `(2/n) Σ (x·w − y) x`. */
function gradientOf(
  weights: Float64Array,
  shard: number,
): { gradient: Float64Array; loss: number } {
  const gradient = new Float64Array(weights.length);
  const x = new Float64Array(weights.length);
  let loss = 0;
  for (let n = 0; n < SAMPLES_PER_SHARD; n++) {
    let error = 0;
    for (let i = 0; i < x.length; i++) {
      x[i] = feature(shard * SAMPLES_PER_SHARD + n, i);
      error += x[i]! * (weights[i]! - TRUE_WEIGHTS[i]!);
    }
    loss += (error * error) / SAMPLES_PER_SHARD;
    for (let i = 0; i < x.length; i++) gradient[i]! += (2 * error * x[i]!) / SAMPLES_PER_SHARD;
  }
  return { gradient, loss };
}

/**
 * A feature value in [-1, 1): the classic `fract(sin(·) · 43758.5453)` hash of
 * (sample, feature), which looks random and uncorrelated but is a pure function.
 */
function feature(sample: number, index: number): number {
  const h = Math.sin(sample * 12.9898 + index * 78.233) * 43758.5453;
  return (h - Math.floor(h)) * 2 - 1;
}
