/**
 * The parameter server: an actor that owns the model's weights. Workers pull the
 * weights, push gradients for their shard, and `step()` applies their average. Every
 * push and step is a logged call, so the weights survive a crash of the worker
 * process that hosts the server (it is rebuilt by replaying them).
 */
import { actor, readonly } from "@rayx/core";

@actor()
export class ParameterServer {
  readonly weights: Float64Array;
  readonly learningRate: number;
  /**
   * This round's pushes by shard: a retried task's push replaces its first one instead
   * of counting twice, and `step()` sums them in shard order whatever order they came in.
   */
  readonly #pushed = new Map<number, { readonly gradient: Float64Array; readonly loss: number }>();

  constructor(dimensions: number, learningRate: number) {
    this.weights = new Float64Array(dimensions);
    this.learningRate = learningRate;
  }

  /** The pull: the current weights. */
  @readonly()
  getWeights(): Float64Array {
    return this.weights;
  }

  /** The push: a worker's gradient and loss for its shard, at the weights it pulled. */
  push(shard: number, gradient: Float64Array, loss: number): number {
    if (gradient.length !== this.weights.length) {
      throw new RangeError(
        `shard ${shard} pushed ${gradient.length} gradient values; the model has ${this.weights.length}`,
      );
    }
    this.#pushed.set(shard, { gradient, loss });
    return this.#pushed.size;
  }

  /** Applies the mean of this round's gradients; returns the round's mean loss. */
  step(): number {
    const shards = [...this.#pushed.keys()].sort((a, b) => a - b);
    if (shards.length === 0) throw new RangeError("step() before any push: nothing to apply");
    let loss = 0;
    for (const shard of shards) {
      const pushed = this.#pushed.get(shard)!;
      for (let i = 0; i < this.weights.length; i++) {
        this.weights[i]! -= (this.learningRate * pushed.gradient[i]!) / shards.length;
      }
      loss += pushed.loss / shards.length;
    }
    this.#pushed.clear();
    return loss;
  }
}
