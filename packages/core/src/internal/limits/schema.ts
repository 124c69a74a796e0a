/**
 * Schemas of what a peer sends, as data a protocol lists in one table: each schema
 * returns the value typed (objects rebuilt from their known fields only) or throws
 * `InvalidArgumentError` naming the field's path, what it must be and a preview of
 * what came (`fields.ts`). Nothing acts on a message before its schema passed.
 */
import { InvalidArgumentError } from "../../errors.js";
import { bool, record, resources, text, wrong, type FieldPath } from "./fields.js";

export type Schema<T> = (value: unknown, path: FieldPath) => T;

/** A string of 1 to `maxLength` characters (or 0 with `allowEmpty`). */
export function string(maxLength: number, allowEmpty = false): Schema<string> {
  return (value, path) => text(value, path, maxLength, allowEmpty);
}

export const boolean: Schema<boolean> = bool;

/** A map of resource names to finite amounts ≥ 0. */
export const resourceMap: Schema<Readonly<Record<string, number>>> = (value, path) =>
  resources(value, path);

/** Any array: user data (call and constructor arguments) that its own code checks. */
export const anyArray: Schema<readonly unknown[]> = (value, path) => {
  if (!Array.isArray(value)) throw wrong(path, "an array", value);
  return value;
};

export const bytes: Schema<Uint8Array> = (value, path) => {
  if (!(value instanceof Uint8Array)) throw wrong(path, "bytes", value);
  return value;
};

/** A number in `[min, max]` (`max` may be `Infinity`); `whole`: an integer (or `Infinity` when allowed). */
export function number(options: {
  readonly min: number;
  readonly max?: number;
  readonly whole?: boolean;
  /** Allow `Infinity` ("no limit"). */
  readonly infinite?: boolean;
  /** `min` itself is not allowed. */
  readonly aboveMin?: boolean;
}): Schema<number> {
  const { min, max = Number.MAX_SAFE_INTEGER, whole = false, infinite = false } = options;
  const what =
    `${whole ? "a whole number" : "a finite number"} ${options.aboveMin === true ? ">" : "≥"} ${min}` +
    `${max < Number.MAX_SAFE_INTEGER ? ` and ≤ ${max}` : ""}${infinite ? ", or Infinity" : ""}`;
  return (value, path) => {
    if (value === Infinity && infinite) return value;
    const ok =
      typeof value === "number" &&
      Number.isFinite(value) &&
      (whole ? Number.isInteger(value) : true) &&
      (options.aboveMin === true ? value > min : value >= min) &&
      value <= max;
    if (!ok) throw wrong(path, what, value);
    return value;
  };
}

/** One of `values`. */
export function oneOf<const T extends string>(...values: readonly T[]): Schema<T> {
  const what = `one of ${values.map((v) => `'${v}'`).join(", ")}`;
  return (value, path) => {
    if (!values.includes(value as T)) throw wrong(path, what, value);
    return value as T;
  };
}

/** `schema`, or `undefined`. */
export function optional<T>(schema: Schema<T>): Schema<T | undefined> {
  return (value, path) => (value === undefined ? undefined : schema(value, path));
}

/** An array of at most `maxItems` values, each passing `item`. */
export function listOf<T>(item: Schema<T>, maxItems = Infinity): Schema<readonly T[]> {
  return (value, path) => {
    if (!Array.isArray(value) || value.length > maxItems) {
      const bound = maxItems === Infinity ? "" : ` of at most ${maxItems}`;
      throw wrong(path, `an array${bound}`, value);
    }
    return value.map((v: unknown, i) => item(v, `${path}[${i}]`));
  };
}

/** The first of `schemas` that `value` passes; else fails saying it must be `what`. */
export function either<A, B>(a: Schema<A>, b: Schema<B>, what: string): Schema<A | B> {
  return (value, path) => {
    for (const schema of [a, b]) {
      try {
        return schema(value, path);
      } catch (error) {
        if (!(error instanceof InvalidArgumentError)) throw error;
      }
    }
    throw wrong(path, what, value);
  };
}

/** Fields of an object's schemas: optional keys' schemas accept `undefined`. */
export type Fields<T> = { readonly [K in keyof T]-?: Schema<T[K]> };

/**
 * An object with `fields`, rebuilt from them alone (unknown keys are dropped, an
 * `undefined` optional field left out); `strict`: an unknown key is an error instead.
 */
export function shape<T>(fields: Fields<T>, strict = false): Schema<T> {
  const names = Object.keys(fields) as (keyof T & string)[];
  return (value, path) => {
    const given = record(value, path);
    if (strict) {
      const unknown = Object.keys(given).find((key) => !Object.hasOwn(fields, key));
      if (unknown !== undefined) {
        throw new InvalidArgumentError(
          `${path}.${unknown} is not a field it has (it has ${names.join(", ")})`,
        );
      }
    }
    const checked: Partial<Record<keyof T, unknown>> = {};
    for (const name of names) {
      const field = fields[name](given[name], `${path}.${name}`);
      if (field !== undefined) checked[name] = field;
    }
    return checked as T;
  };
}

/** A lazily named schema: for recursive ones (a supervisor's child may be a supervisor). */
export function lazy<T>(schema: () => Schema<T>): Schema<T> {
  return (value, path) => schema()(value, path);
}
