/**
 * JSON for `--json` output: records as they are, with bytes (call arguments,
 * results, specs) as base64 strings, so scripts get every field losslessly.
 */

/** `value` as indented JSON; `Uint8Array`s (and Buffers) become base64 strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    function (this: Record<string, unknown>, key: string, converted: unknown) {
      const raw = this[key];
      return raw instanceof Uint8Array ? Buffer.from(raw).toString("base64") : converted;
    },
    2,
  );
}
