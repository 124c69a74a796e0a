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
    const { table, key, value } = this.putOp(record);
    return this.store.put(table, key, value);
  }

  /** The write of `record`, for a batch with other writes. */
  putOp(record: T): { type: "put"; table: string; key: Uint8Array; value: Uint8Array } {
    const key = this.key(this.idOf(record));
    return { type: "put", table: this.name, key, value: this.codec.encode(record) };
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
