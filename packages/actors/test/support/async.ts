/** Small async helpers for the cell tests: hand-opened gates and microtask turns (never timers). */

/** A promise the test resolves by hand. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Lets `n` microtask turns pass, so that queued cell work runs. */
export async function turns(n = 1): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}
