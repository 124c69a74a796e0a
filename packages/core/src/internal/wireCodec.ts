/**
 * How values (call arguments, results, constructor arguments, snapshots) become the
 * opaque bytes inside frames and call-log entries: V8's structured-clone format, with
 * rayx's ref-like values (`ObjectRef`, actor handles) written as markers and revived
 * as themselves. Anything structured clone would silently mangle or refuse — a
 * function, a symbol, an instance of a user class — is refused here with the path
 * of the offending part (`args[1].cb`), so the error says what to change.
 */
import { deserialize, serialize } from "node:v8";
import { SerializationError } from "@rayx/objectstore";
import { ActorHandleTarget, handleFor } from "../ActorHandle.js";
import { ObjectRef } from "../ObjectRef.js";

const TAG = "\u0000rayx";
/** First element of the envelope of a value that holds markers (so only those are walked on decode). */
const REVIVE = "\u0000rayx.revive";

/** A value to be read from the object store by the receiver instead of travelling inline. */
export class StoredValue {
  constructor(readonly objectId: string) {}
}

type Marker =
  | { readonly [TAG]: "ref"; readonly id: string }
  | { readonly [TAG]: "stored"; readonly id: string }
  | {
      readonly [TAG]: "actor";
      readonly actorId: string;
      readonly className: string;
      readonly methods: readonly string[];
    };

const CLONEABLE: readonly (abstract new (...args: never[]) => unknown)[] = [
  Date,
  RegExp,
  ArrayBuffer,
  Error,
  Boolean,
  Number,
  String,
];

class Preparer {
  markers = false;
  readonly #seen = new Map<object, unknown>();

  /** `refs` collects the id of every `ObjectRef` met, nested ones too. */
  constructor(readonly refs: string[] | undefined) {}

  prepare(value: unknown, path: string): unknown {
    switch (typeof value) {
      case "function":
        throw new SerializationError(
          path,
          `it is a function (${value.name || "anonymous"})`,
          "functions cannot cross processes: pass data, or call a task or actor instead",
        );
      case "symbol":
        throw new SerializationError(path, "it is a symbol", "pass a string instead");
      case "object":
        return value === null ? null : this.#object(value, path);
      default:
        return value;
    }
  }

  #object(value: object, path: string): unknown {
    const seen = this.#seen.get(value);
    if (seen !== undefined || this.#seen.has(value)) return seen;
    if (value instanceof ObjectRef) {
      this.refs?.push(value.id);
      return this.#mark({ [TAG]: "ref", id: value.id });
    }
    if (value instanceof ActorHandleTarget) {
      return this.#mark({
        [TAG]: "actor",
        actorId: value.actorId,
        className: value.className,
        methods: value.methods,
      });
    }
    if (value instanceof StoredValue) return this.#mark({ [TAG]: "stored", id: value.objectId });
    if (ArrayBuffer.isView(value) || CLONEABLE.some((type) => value instanceof type)) return value;
    if (Array.isArray(value)) {
      this.#seen.set(value, value);
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const prepared = this.prepare(item, `${path}[${i}]`);
        if (prepared !== item) (copy ??= value.slice())[i] = prepared;
      }
      if (copy !== undefined) this.#seen.set(value, copy);
      return copy ?? value;
    }
    if (value instanceof Map) {
      this.#seen.set(value, value);
      const entries = [...value].map(([k, v]) => [
        this.prepare(k, `${path}.key`),
        this.prepare(v, `${path}.get(${String(k)})`),
      ]);
      const changed = entries.some(([k, v], i) => {
        const [ok, ov] = [...value][i] as [unknown, unknown];
        return k !== ok || v !== ov;
      });
      return changed ? new Map(entries as [unknown, unknown][]) : value;
    }
    if (value instanceof Set) {
      this.#seen.set(value, value);
      const items = [...value].map((v, i) => this.prepare(v, `${path}.item(${i})`));
      return items.some((v, i) => v !== [...value][i]) ? new Set(items) : value;
    }
    const proto = Object.getPrototypeOf(value) as object | null;
    if (proto !== Object.prototype && proto !== null) {
      const name = (proto.constructor as { name?: string } | undefined)?.name ?? "(anonymous)";
      throw new SerializationError(
        path,
        `it is an instance of class ${name}, which would arrive as a plain object`,
        "pass plain data (objects, arrays, typed arrays, Map, Set, Date), or an ObjectRef/ActorHandle",
      );
    }
    this.#seen.set(value, value);
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      const prepared = this.prepare(item, `${path}.${key}`);
      if (prepared !== item) (copy ??= { ...value })[key] = prepared;
    }
    if (copy !== undefined) this.#seen.set(value, copy);
    return copy ?? value;
  }

  #mark(marker: Marker): Marker {
    this.markers = true;
    return marker;
  }
}

/**
 * The bytes of `value`; `root` names it in a `SerializationError` (`"args"` gives
 * paths like `args[0].cb`). The id of each `ObjectRef` in it is pushed to `refs`.
 */
export function encodeValue(value: unknown, root = "value", refs?: string[]): Uint8Array {
  const preparer = new Preparer(refs);
  const prepared = preparer.prepare(value, root);
  return serialize(preparer.markers ? [REVIVE, prepared] : prepared);
}

/**
 * The bytes of `[...head, value]` (what `decodeValue` returns): plain head values (ids,
 * names) followed by `value`, which is named `root` in a `SerializationError`; the id
 * of each `ObjectRef` in them is pushed to `refs`. One encoding of a service call's
 * arguments with the user's value among them.
 */
export function encodeWithHead(
  head: readonly unknown[],
  value: unknown,
  root: string,
  refs?: string[],
): Uint8Array {
  const preparer = new Preparer(refs);
  const prepared = [
    ...head.map((part) => preparer.prepare(part, "head")),
    preparer.prepare(value, root),
  ];
  return serialize(preparer.markers ? [REVIVE, prepared] : prepared);
}

/** Reads a `StoredValue` marker's object; a receiver without an object store refuses them. */
export type StoredReader = (objectId: string) => unknown;

const noStore: StoredReader = (id) => {
  throw new Error(`object ${id} is in the object store, which this process has not opened`);
};

/** The value `encodeValue` wrote, with refs and handles revived. */
export function decodeValue(bytes: Uint8Array, readStored: StoredReader = noStore): unknown {
  const value: unknown = deserialize(bytes);
  if (Array.isArray(value) && value.length === 2 && value[0] === REVIVE) {
    return revive(value[1], readStored, new Set());
  }
  return value;
}

/** The envelope's tag as it appears near the start of the serialized bytes (a one-byte string). */
const REVIVE_BYTES = Buffer.from(REVIVE, "latin1");

/**
 * The ids of the `ObjectRef`s inside encoded `bytes` (none, cheaply, for bytes
 * without markers), without making refs of them.
 */
export function refIdsIn(bytes: Uint8Array): string[] {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 32));
  if (!head.includes(REVIVE_BYTES)) return [];
  const ids: string[] = [];
  collectRefIds((deserialize(bytes) as unknown[])[1], ids, new Set());
  return ids;
}

function collectRefIds(value: unknown, ids: string[], seen: Set<object>): void {
  if (typeof value !== "object" || value === null || seen.has(value)) return;
  if (ArrayBuffer.isView(value)) return;
  const marker = value as Partial<Record<typeof TAG, string>> & { id?: string };
  if (marker[TAG] !== undefined) {
    if (marker[TAG] === "ref") ids.push(marker.id as string);
    return;
  }
  seen.add(value);
  const items: Iterable<unknown> =
    value instanceof Map
      ? [...value.keys(), ...value.values()]
      : value instanceof Set
        ? value
        : Object.values(value);
  for (const item of items) collectRefIds(item, ids, seen);
}

function revive(value: unknown, readStored: StoredReader, seen: Set<object>): unknown {
  if (typeof value !== "object" || value === null || seen.has(value)) return value;
  if (ArrayBuffer.isView(value)) return value;
  const tag = (value as Partial<Record<typeof TAG, string>>)[TAG];
  if (tag !== undefined) {
    const marker = value as Marker;
    if (marker[TAG] === "ref") return new ObjectRef(marker.id);
    if (marker[TAG] === "stored") return readStored(marker.id);
    return handleFor(marker);
  }
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i], readStored, seen);
  } else if (value instanceof Map) {
    for (const [k, v] of value) value.set(k, revive(v, readStored, seen));
  } else if (value instanceof Set) {
    const items = [...value];
    value.clear();
    for (const item of items) value.add(revive(item, readStored, seen));
  } else {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = revive(record[key], readStored, seen);
  }
  return value;
}
