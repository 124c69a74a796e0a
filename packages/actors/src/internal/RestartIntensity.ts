/**
 * The restart intensity as a sliding window (OTP's `add_restart`): a supervisor
 * may restart at most `intensity` times within any `period` ms; one more and it
 * gives up. Pure: the caller passes the time read from its `Clock`.
 */
export class RestartIntensity {
  /** Times of the restarts still inside the window, oldest first. */
  #times: number[] = [];

  constructor(
    readonly intensity: number,
    readonly period: number,
  ) {}

  /**
   * Records a restart at `now` and returns whether it is allowed. A restart at most
   * `period` ms before `now` is still inside the window (OTP counts the boundary too).
   */
  add(now: number): boolean {
    this.#times = this.#times.filter((time) => now - time <= this.period);
    this.#times.push(now);
    return this.#times.length <= this.intensity;
  }

  /** Restarts inside the window as of the last `add` (the one that exceeded it included). */
  get count(): number {
    return this.#times.length;
  }
}
