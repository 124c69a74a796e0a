/**
 * Records as the browser gets them: JSON, with byte fields (encoded specs,
 * arguments, results) replaced by their length, since their encoding belongs to
 * `@rayx/core` and the dashboard shows sizes, not bytes. Every other field a
 * record holds passes through as it is, so new record fields show up unasked.
 */

/** A JSON-safe copy of `value`: `Uint8Array`s become `{ bytes: n }`, `Infinity` becomes `"Infinity"`. */
export function plainJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return { bytes: value.byteLength };
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return value.map(plainJson);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) out[key] = plainJson(field);
    return out;
  }
  return value;
}
