/**
 * The restart intensity as a sliding window (OTP's `add_restart`): a supervisor
 * may restart at most `intensity` times within any `period` ms; one more and it
 * gives up. Pure: the caller passes the time read from its `Clock`.
 */
export class RestartIntensity {
  /** Restart times, oldest first; those before `#oldest` have left the window. */
  readonly #times: number[] = [];
  #oldest = 0;

  constructor(
    readonly intensity: number,
    readonly period: number,
  ) {}

  /**
   * Records a restart at `now` and returns whether it is allowed. A restart at most
   * `period` ms before `now` is still inside the window (OTP counts the boundary too).
   * Amortised O(1): times only grow, so restarts leave the window from the front.
   */
  add(now: number): boolean {
    const times = this.#times;
    while (this.#oldest < times.length && now - (times[this.#oldest] as number) > this.period) {
      this.#oldest++;
    }
    // Drop the departed front once it is half the array: each time is copied at most once more.
    if (this.#oldest * 2 >= times.length) {
      times.splice(0, this.#oldest);
      this.#oldest = 0;
    }
    times.push(now);
    return this.count <= this.intensity;
  }

  /** Restarts inside the window as of the last `add` (the one that exceeded it included). */
  get count(): number {
    return this.#times.length - this.#oldest;
  }
}
