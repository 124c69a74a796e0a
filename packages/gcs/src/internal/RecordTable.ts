/**
 * A typed table: records of one kind by string id, on a `TableStore` table,
 * encoded by the record's codec. The id's UTF-8 bytes are the key, so a listing
 * comes back in id order.
 */
import type { TableStore } from "../TableStore.js";
import { checkId } from "./bytes.js";
import type { Codec } from "./codec.js";

export class RecordTable<T> {
  constructor(
    private readonly store: TableStore,
    /** Table name in the store, also used in error messages ("actors/a1"). */
    readonly name: string,
    private readonly codec: Codec<T>,
    private readonly idOf: (record: T) => string,
  ) {}

  get(id: string): T | undefined {
    const bytes = this.store.get(this.name, this.key(id));
    return bytes === undefined ? undefined : this.codec.decode(bytes, `${this.name}/${id}`);
  }

  put(record: T): Promise<void> {
    const id = this.idOf(record);
    return this.store.put(this.name, this.key(id), this.codec.encode(record));
  }

  delete(id: string): Promise<void> {
    return this.store.delete(this.name, this.key(id));
  }

  list(): T[] {
    const decoder = new TextDecoder();
    return Array.from(this.store.scan(this.name), ({ key, value }) =>
      this.codec.decode(value, `${this.name}/${decoder.decode(key)}`),
    );
  }

  private key(id: string): Uint8Array {
    return Buffer.from(checkId(id, `${this.name} id`), "utf8");
  }
}
