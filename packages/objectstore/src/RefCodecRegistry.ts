/**
 * The extension hook for "ref-like" values: classes such as `ObjectRef` and actor
 * handles that must survive serialization as themselves rather than as plain data.
 * `@rayx/core` registers its classes here; the codec asks the registry for any
 * object whose prototype is not `Object.prototype`, and reports the object ids a
 * ref-like value names so the store can count them as nested references.
 */
import type { ObjectId } from "./ObjectId.js";
import { InvalidObjectStoreOptionError } from "./errors.js";

/** How one ref-like class is written and read back. */
export interface RefCodec<T extends object = object> {
  /** A stable tag written into stored values (e.g. `"rayx.ObjectRef"`); never reuse one for another class. */
  readonly name: string;
  /** The class; instances of it and of its subclasses use this codec. */
  readonly type: abstract new (...args: never[]) => T;
  /** The value's serializable payload (plain data, other refs allowed). */
  encode(value: T): unknown;
  /** Rebuilds the value from the payload `encode` returned. */
  decode(payload: unknown): T;
  /** Object ids this value refers to, counted as nested references of the containing object. Defaults to none. */
  objectIds?(value: T): readonly ObjectId[];
}

/** A `RefCodec` for the instances of class `C`. */
export type RefCodecFor<C extends abstract new (...args: never[]) => object> = Omit<
  RefCodec<InstanceType<C>>,
  "type"
> & { readonly type: C };

/**
 * A set of `RefCodec`s, looked up by class (walking the prototype chain) when
 * encoding and by `name` when decoding.
 *
 * @example
 * const codecs = new RefCodecRegistry().register({
 *   name: "rayx.ObjectRef",
 *   type: ObjectRef,
 *   encode: (ref) => ref.id,
 *   decode: (id) => new ObjectRef(id as string),
 *   objectIds: (ref) => [ref.id],
 * });
 * const store = openObjectStore({ sessionDir, codecs });
 */
export class RefCodecRegistry {
  readonly #byType = new Map<object, RefCodec>();
  readonly #byName = new Map<string, RefCodec>();

  /**
   * Adds a codec; throws if its name or class is already registered. Returns the registry.
   * Typed by the class (not by its instance type), so that generic classes such as
   * `ObjectRef<T>` still type `encode`'s argument.
   */
  register<C extends abstract new (...args: never[]) => object>(codec: RefCodecFor<C>): this {
    if (typeof codec.name !== "string" || codec.name.length === 0)
      throw new InvalidObjectStoreOptionError("codecs", "a RefCodec needs a non-empty name");
    if (this.#byName.has(codec.name))
      throw new InvalidObjectStoreOptionError(
        "codecs",
        `a RefCodec named ${JSON.stringify(codec.name)} is already registered; give each class its own name`,
      );
    const proto = (codec.type as { prototype: object }).prototype;
    if (this.#byType.has(proto))
      throw new InvalidObjectStoreOptionError(
        "codecs",
        `class ${codec.type.name} already has a RefCodec; register each class once`,
      );
    const erased = codec as unknown as RefCodec;
    this.#byType.set(proto, erased);
    this.#byName.set(codec.name, erased);
    return this;
  }

  /** The codec for an object with prototype `proto`, searching up its prototype chain. */
  forPrototype(proto: object | null): RefCodec | undefined {
    for (
      let p = proto;
      p !== null && p !== Object.prototype;
      p = Object.getPrototypeOf(p) as object | null
    ) {
      const codec = this.#byType.get(p);
      if (codec) return codec;
    }
    return undefined;
  }

  /** The codec registered under `name`. */
  forName(name: string): RefCodec | undefined {
    return this.#byName.get(name);
  }
}
