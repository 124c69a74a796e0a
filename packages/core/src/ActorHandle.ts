/**
 * `ActorHandle<T>`: how user code talks to an actor. Each method of the class
 * becomes a function returning an `ObjectRef` of its result; calls from one
 * caller run in the order they were made. A handle is a value: pass it to tasks
 * and other actors, who call the same actor through it.
 */
import { UnknownMethodError } from "@rayx/actors";
import { clusterClient } from "./internal/clusterClient.js";
import type { ActorAddress } from "./internal/clusterClient.js";
import { noteOutgoing } from "./internal/tracing/CallTracer.js";
import { ObjectRef } from "./ObjectRef.js";
import type { RemoteArgs } from "./task.js";

/** A method as a handle exposes it: each argument may be a ref to its value, resolved before the call runs. */
type Method<F> = F extends (...args: infer A) => infer R
  ? (...args: RemoteArgs<A>) => ObjectRef<Awaited<R>>
  : never;

/**
 * @example
 * const counter: ActorHandle<Counter> = await spawn(Counter);
 * counter.add(1);                     // ObjectRef<number>
 * counter.add(put(2));                // a ref argument is resolved first: the actor gets 2
 * console.log(await counter.read());  // 3
 */
export type ActorHandle<T> = {
  readonly [K in keyof T as T[K] extends (...args: never[]) => unknown ? K : never]: Method<T[K]>;
} & { readonly actorId: string; readonly className: string };

/** The target behind every handle proxy; its prototype is what codecs recognise. */
export class ActorHandleTarget {
  readonly actorId: string;
  readonly className: string;
  readonly methods: readonly string[];
  constructor(address: ActorAddress) {
    this.actorId = address.actorId;
    this.className = address.className;
    this.methods = address.methods;
  }
}

const OWN = new Set(["actorId", "className", "methods", "toString", "toJSON"]);

/** A handle for `address`: a Proxy whose unknown method names throw `UnknownMethodError`. */
export function handleFor<T>(address: ActorAddress): ActorHandle<T> {
  const target = new ActorHandleTarget(address);
  const methods = new Set(address.methods);
  const cache = new Map<string, (...args: unknown[]) => ObjectRef>();
  return new Proxy(target, {
    get(t, key) {
      if (typeof key === "symbol") return undefined;
      if (OWN.has(key)) {
        if (key === "toString") return () => `ActorHandle(${t.className} ${t.actorId})`;
        if (key === "toJSON") return () => ({ actorId: t.actorId, className: t.className });
        return t[key as keyof ActorHandleTarget];
      }
      // Not thenable: `await handle` must not look like a promise.
      if (key === "then") return undefined;
      let call = cache.get(key);
      if (call === undefined) {
        if (!methods.has(key)) throw new UnknownMethodError(t.className, key);
        const name = `${t.className}.${key}`;
        call = (...args: unknown[]) => {
          const id = clusterClient().callActor(t.actorId, key, args);
          noteOutgoing(id, name);
          return new ObjectRef(id);
        };
        cache.set(key, call);
      }
      return call;
    },
  }) as unknown as ActorHandle<T>;
}

/** Callable method names of an actor class: its prototype chain's functions, minus `constructor`. */
export function methodsOf(Class: { readonly prototype: unknown }): string[] {
  const names = new Set<string>();
  for (
    let proto = Class.prototype as object | null;
    proto !== null && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (name !== "constructor" && typeof descriptor?.value === "function") names.add(name);
    }
  }
  return [...names];
}
