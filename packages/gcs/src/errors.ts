/**
 * Errors of the control store, and `RayxError`, the base of every rayx error.
 * The base lives here because `@rayx/gcs` is the bottom of the dependency graph;
 * every package's `errors.ts` extends it, and `@rayx/core` re-exports them all.
 */

/** The base of every error rayx throws on purpose. `code` is stable across versions. */
export abstract class RayxError extends Error {
  abstract override readonly name: string;
  abstract readonly code: string;
}
