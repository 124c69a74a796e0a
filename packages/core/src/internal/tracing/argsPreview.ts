/**
 * The argument preview a call span carries (`increment(5)`, `put("k", {…3 keys})`):
 * short and safe — scalars as written, strings quoted and cut, containers by size
 * only (what is inside an object may be private, and may be large), refs and handles
 * by id — and the whole cut to `MAX_PREVIEW` characters with `…`.
 */
import { ObjectRef } from "../../ObjectRef.js";

/** Longest preview, in characters. */
export const MAX_PREVIEW = 80;
const MAX_STRING = 24;

/** `method(arg, arg, …)` for a call of `method` with `args`. */
export function argsPreview(method: string, args: readonly unknown[]): string {
  const text = `${method}(${args.map(previewOf).join(", ")})`;
  return text.length <= MAX_PREVIEW ? text : `${text.slice(0, MAX_PREVIEW - 1)}…`;
}

function previewOf(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value.length <= MAX_STRING ? value : `${value.slice(0, MAX_STRING)}…`);
    case "number":
    case "boolean":
    case "undefined":
      return String(value);
    case "bigint":
      return `${value}n`;
    case "symbol":
      return "Symbol()";
    case "function":
      return "ƒ";
  }
  if (value === null || typeof value !== "object") return String(value);
  if (value instanceof ObjectRef) return `ref(${value.id.slice(0, 8)})`;
  if ("actorId" in value && "className" in value) {
    const handle = value as { readonly actorId: unknown; readonly className: unknown };
    return `${String(handle.className)}(${String(handle.actorId)})`;
  }
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.byteLength})`;
  if (value instanceof ArrayBuffer) return `ArrayBuffer(${value.byteLength})`;
  if (Array.isArray(value)) return `[…${value.length}]`;
  if (value instanceof Map) return `Map(${value.size})`;
  if (value instanceof Set) return `Set(${value.size})`;
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? "Date(NaN)" : value.toISOString();
  if (value instanceof Error) return `${value.name}(${previewOf(value.message)})`;
  const keys = Object.keys(value).length;
  return `{…${keys} ${keys === 1 ? "key" : "keys"}}`;
}
