/**
 * Checks for the fields of a message a peer sent before it is trusted (a driver's
 * or a node's hello): each returns the field typed or throws `InvalidArgumentError`
 * naming the message, the field and what it must be, with a short preview of what
 * came (never the whole value: a hostile one may be huge).
 */
import { inspect } from "node:util";
import { InvalidArgumentError } from "../../errors.js";

/** Where a field sits, for the error: `"node hello: resources.cpu"`. */
export type FieldPath = string;

/** What came, cut to fit an error message. */
export function preview(value: unknown): string {
  const text = inspect(value, {
    depth: 1,
    breakLength: Infinity,
    maxArrayLength: 4,
    maxStringLength: 40,
  });
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The error for a field that is not `what` it must be. */
export function wrong(path: FieldPath, what: string, value: unknown): InvalidArgumentError {
  return new InvalidArgumentError(`${path} must be ${what}, got ${preview(value)}`);
}

/** A plain object (not null, not an array). */
export function record(value: unknown, path: FieldPath): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw wrong(path, "an object", value);
  }
  return value as Record<string, unknown>;
}

/** A string of 1 to `maxLength` characters (`0` allowed when `allowEmpty`). */
export function text(
  value: unknown,
  path: FieldPath,
  maxLength: number,
  allowEmpty = false,
): string {
  if (typeof value !== "string" || value.length > maxLength || (!allowEmpty && value === "")) {
    throw wrong(
      path,
      `a ${allowEmpty ? "" : "non-empty "}string of at most ${maxLength} characters`,
      value,
    );
  }
  return value;
}

/** A whole number from 1 to 2^31 - 1 (a process id). */
export function pid(value: unknown, path: FieldPath): number {
  if (!(
    Number.isSafeInteger(value) &&
    (value as number) >= 1 &&
    (value as number) <= 0x7fff_ffff
  )) {
    throw wrong(path, "a process id (a whole number ≥ 1)", value);
  }
  return value as number;
}

export function bool(value: unknown, path: FieldPath): boolean {
  if (typeof value !== "boolean") throw wrong(path, "true or false", value);
  return value;
}

/** A map of resource names to finite non-negative amounts (at most `maxEntries`). */
export function resources(
  value: unknown,
  path: FieldPath,
  maxEntries = 64,
): Readonly<Record<string, number>> {
  const map = record(value, path);
  const entries = Object.entries(map);
  if (entries.length > maxEntries) throw wrong(path, `at most ${maxEntries} resources`, value);
  const checked: Record<string, number> = {};
  for (const [name, amount] of entries) {
    text(name, `${path} name`, 64);
    if (!(typeof amount === "number" && Number.isFinite(amount) && amount >= 0)) {
      throw wrong(`${path}.${name}`, "a finite number ≥ 0", amount);
    }
    checked[name] = amount;
  }
  return checked;
}
