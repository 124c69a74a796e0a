/**
 * Promise helpers for synchronous work behind a promise-returning API: a throw
 * becomes a rejection, so every `GcsApi` operation fails the same way whether it
 * is local or remote.
 */

/** Runs a synchronous read as a promise. */
export function settle<T>(read: () => T): Promise<T> {
  try {
    return Promise.resolve(read());
  } catch (error) {
    return rejection(error);
  }
}

/** A rejected promise carrying `error` (wrapped in an Error if it is not one). */
export function rejection(error: unknown): Promise<never> {
  return Promise.reject(error instanceof Error ? error : new Error(String(error)));
}
