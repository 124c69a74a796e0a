/**
 * Named actors: (namespace, name) → actor id, unique per namespace. Claims run as
 * one store transaction, so two processes racing for a name agree on one winner.
 */
import type { NameClaim } from "../GcsApi.js";
import type { NamedActor } from "../records.js";
import type { TableStore } from "../TableStore.js";
import { checkId, idKey, idRange } from "./bytes.js";
import { namedActorCodec } from "./codec.js";

const NAMES = "names";

export class NameTable {
  constructor(private readonly store: TableStore) {}

  claim(entry: NamedActor): Promise<NameClaim> {
    const key = keyOf(entry.namespace, entry.name);
    checkId(entry.actorId, "actor id");
    return this.store.transact((txn) => {
      const current = txn.get(NAMES, key);
      if (current !== undefined) {
        return { actorId: namedActorCodec.decode(current, where(entry)).actorId, created: false };
      }
      txn.put(NAMES, key, namedActorCodec.encode(entry));
      return { actorId: entry.actorId, created: true };
    });
  }

  lookup(namespace: string, name: string): string | undefined {
    const bytes = this.store.get(NAMES, keyOf(namespace, name));
    return bytes === undefined
      ? undefined
      : namedActorCodec.decode(bytes, where({ namespace, name })).actorId;
  }

  release(entry: NamedActor): Promise<boolean> {
    const key = keyOf(entry.namespace, entry.name);
    return this.store.transact((txn) => {
      const current = txn.get(NAMES, key);
      if (current === undefined) return false;
      if (namedActorCodec.decode(current, where(entry)).actorId !== entry.actorId) return false;
      txn.delete(NAMES, key);
      return true;
    });
  }

  list(namespace: string): NamedActor[] {
    const range = namespace === "" ? {} : idRange(checkId(namespace, "namespace"));
    return Array.from(this.store.scan(NAMES, range), ({ value }) =>
      namedActorCodec.decode(value, "names"),
    );
  }
}

function keyOf(namespace: string, name: string): Uint8Array {
  return idKey(checkId(namespace, "namespace"), checkId(name, "actor name"));
}

function where({ namespace, name }: { namespace: string; name: string }): string {
  return `names/${namespace}/${name}`;
}
