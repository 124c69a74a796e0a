/**
 * Keeps every open dashboard up to date: it rebuilds the cluster picture when the
 * GCS tells of a change (actor and node records are pushed by its change feed) and
 * at a steady pace for what it does not push (tasks, objects), and sends it to each
 * listener only when it differs from the last one sent. Rebuilds never overlap.
 */
import type { GcsApi, Subscription } from "@rayx/gcs";
import { clusterView, type LocalWorkers } from "./clusterView.js";

export interface ClusterFeedOptions {
  /** This node's workers, listed even while idle. */
  readonly localWorkers?: LocalWorkers;
  /** How soon after a pushed change the picture is rebuilt (changes in that time coalesce); defaults to 50 ms. */
  readonly settleMs?: number;
  /** How often it is rebuilt anyway; defaults to 1000 ms. */
  readonly refreshMs?: number;
}

export class ClusterFeed {
  readonly #gcs: GcsApi;
  readonly #localWorkers: LocalWorkers | undefined;
  readonly #listeners = new Set<(json: string) => void>();
  readonly #settleMs: number;
  #subscriptions: Subscription[] = [];
  #timer: NodeJS.Timeout | undefined;
  #pending: NodeJS.Timeout | undefined;
  #building: Promise<void> | undefined;
  #again = false;
  #last = "";

  private constructor(gcs: GcsApi, options: ClusterFeedOptions) {
    this.#gcs = gcs;
    this.#localWorkers = options.localWorkers;
    this.#settleMs = options.settleMs ?? 50;
    this.#timer = setInterval(() => this.#rebuild(), options.refreshMs ?? 1000);
    this.#timer.unref();
  }

  static async start(gcs: GcsApi, options: ClusterFeedOptions = {}): Promise<ClusterFeed> {
    const feed = new ClusterFeed(gcs, options);
    const changed = () => feed.#soon();
    feed.#subscriptions = await Promise.all([
      gcs.subscribe("actors", changed),
      gcs.subscribe("nodes", changed),
    ]);
    return feed;
  }

  /** Sends `listener` the latest picture now (building one if none yet), then every change. */
  listen(listener: (json: string) => void): () => void {
    this.#listeners.add(listener);
    if (this.#last !== "") listener(this.#last);
    else this.#rebuild();
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    clearTimeout(this.#pending);
    this.#timer = undefined;
    this.#listeners.clear();
    await Promise.all(this.#subscriptions.map((s) => s.close().catch(() => undefined)));
    await this.#building;
  }

  #soon(): void {
    if (this.#pending !== undefined) return;
    this.#pending = setTimeout(() => {
      this.#pending = undefined;
      this.#rebuild();
    }, this.#settleMs);
  }

  #rebuild(): void {
    if (this.#timer === undefined || this.#listeners.size === 0) return;
    if (this.#building !== undefined) {
      this.#again = true;
      return;
    }
    this.#building = clusterView(this.#gcs, this.#localWorkers)
      .then((view) => {
        const json = JSON.stringify({ type: "cluster", view });
        if (json === this.#last) return;
        this.#last = json;
        for (const listener of this.#listeners) listener(json);
      })
      // A store closing under us (shutdown) or a transient read error: the next round retries.
      .catch(() => undefined)
      .finally(() => {
        this.#building = undefined;
        if (this.#again) {
          this.#again = false;
          this.#rebuild();
        }
      });
  }
}
