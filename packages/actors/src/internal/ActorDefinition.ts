/**
 * What the kernel knows about an actor class: its `@actor` options, resolved with
 * their defaults once per class, and the names of its `@readonly` methods.
 * Decorators write definitions here; `ActorCell` reads them.
 */
import type { ActorOptions, OnError } from "../ActorOptions.js";
import { InvalidActorOptionsError, NotAnActorError } from "../errors.js";

// Node 20 has no Symbol.metadata: without it tsc-emitted decorators get no `context.metadata`.
// esbuild (tsx) uses the same registered symbol, so both compilers agree.
(Symbol as { metadata?: symbol }).metadata ??= Symbol.for("Symbol.metadata");

/** Key under which `@readonly` collects method names in the class's decorator metadata. */
export const READONLY_METHODS: unique symbol = Symbol("rayx.readonlyMethods");

export interface ActorDefinition {
  readonly className: string;
  readonly options: ActorOptions;
  readonly readonlyMethods: ReadonlySet<string>;
  readonly maxConcurrency: number;
  readonly onError: OnError;
  readonly snapshotEvery: number;
  /** The class implements both `snapshot()` and `restore(state)`. */
  readonly snapshots: boolean;
  readonly trapExits: boolean;
  /** The class has an `onExit(notice)` method (needed to trap exits). */
  readonly hasOnExit: boolean;
  readonly capacity: number;
  readonly overflow: "reject" | "backpressure";
}

/** Any class, seen as the key of its definition. */
export interface ClassLike {
  readonly name: string;
  readonly prototype: unknown;
}

const definitions = new WeakMap<ClassLike, ActorDefinition>();

/** Allowed values of the enumerated options; the first is the default. */
const ON_ERROR = ["restart", "resume"] as const;
const OVERFLOW = ["reject", "backpressure"] as const;

export function defineActor(
  Class: ClassLike,
  options: ActorOptions,
  readonlyMethods: ReadonlySet<string>,
): void {
  const proto = Class.prototype as Record<string, unknown>;
  const definition: ActorDefinition = {
    className: classNameOf(Class),
    options,
    readonlyMethods,
    maxConcurrency: positiveInteger("maxConcurrency", options.maxConcurrency, 1),
    onError: oneOf("onError", options.onError, ON_ERROR),
    snapshotEvery: positiveInteger("snapshotEvery", options.snapshotEvery, 1000),
    snapshots: typeof proto["snapshot"] === "function" && typeof proto["restore"] === "function",
    trapExits: options.trapExits ?? false,
    hasOnExit: typeof proto["onExit"] === "function",
    capacity: positiveInteger("mailbox.capacity", options.mailbox?.capacity, Infinity),
    overflow: oneOf("mailbox.overflow", options.mailbox?.overflow, OVERFLOW),
  };
  definitions.set(Class, checkTrapExits(definition));
}

/** The definition of an `@actor` class; throws `NotAnActorError` for any other class. */
export function definitionOf(Class: ClassLike): ActorDefinition {
  const definition = definitions.get(Class);
  if (definition === undefined) throw new NotAnActorError(classNameOf(Class));
  return definition;
}

function classNameOf(Class: ClassLike): string {
  return Class.name || "(anonymous class)";
}

function positiveInteger(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (value === Infinity || (Number.isInteger(value) && value >= 1)) return value;
  throw new InvalidActorOptionsError(option, value, "a positive integer");
}

function oneOf<T extends string>(
  option: string,
  value: T | undefined,
  allowed: readonly [T, ...T[]],
): T {
  if (value === undefined) return allowed[0];
  if (allowed.includes(value)) return value;
  throw new InvalidActorOptionsError(
    option,
    value,
    `one of ${allowed.map((a) => `"${a}"`).join(", ")}`,
  );
}

/** Per-cell overrides of a class's options (`ActorCell.start(Class, args, { maxConcurrency })`). */
export type ActorOverrides = Pick<
  ActorOptions,
  "maxConcurrency" | "onError" | "snapshotEvery" | "trapExits" | "mailbox"
>;

/** The definition with `overrides` applied; the shared definition itself when there are none. */
export function withOverrides(
  definition: ActorDefinition,
  overrides: ActorOverrides,
): ActorDefinition {
  const { maxConcurrency, onError, snapshotEvery, trapExits, mailbox } = overrides;
  if (
    maxConcurrency === undefined &&
    onError === undefined &&
    snapshotEvery === undefined &&
    trapExits === undefined &&
    mailbox === undefined
  ) {
    return definition;
  }
  return checkTrapExits({
    ...definition,
    maxConcurrency: positiveInteger("maxConcurrency", maxConcurrency, definition.maxConcurrency),
    onError: onError === undefined ? definition.onError : oneOf("onError", onError, ON_ERROR),
    snapshotEvery: positiveInteger("snapshotEvery", snapshotEvery, definition.snapshotEvery),
    trapExits: trapExits ?? definition.trapExits,
    capacity: positiveInteger("mailbox.capacity", mailbox?.capacity, definition.capacity),
    overflow:
      mailbox?.overflow === undefined
        ? definition.overflow
        : oneOf("mailbox.overflow", mailbox.overflow, OVERFLOW),
  });
}

/** Trapped exits arrive as `onExit(notice)` calls, so a class that traps them must have that method. */
function checkTrapExits(definition: ActorDefinition): ActorDefinition {
  if (definition.trapExits && !definition.hasOnExit) {
    throw new InvalidActorOptionsError(
      "trapExits",
      true,
      `used with a class that has an onExit(notice) method (${definition.className} has none)`,
    );
  }
  return definition;
}
