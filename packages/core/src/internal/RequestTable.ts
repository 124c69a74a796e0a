/**
 * Correlates requests with their replies on one connection: hands out request ids
 * (uint32, never 0, never one still in flight) and settles each request's promise
 * when its `result` or `failure` frame arrives, or fails them all when the
 * connection is lost.
 */
import { errorFromInfo } from "./errorInfo.js";
import type { FailureFrame, ResultFrame, ResultValue } from "./Frame.js";

interface Pending {
  resolve(value: ResultValue): void;
  reject(error: Error): void;
}

const MAX_ID = 0xffff_ffff;

export class RequestTable {
  #lastId = 0;
  readonly #pending = new Map<number, Pending>();

  /** A fresh request id and the promise of its reply (rejects with the remote error). */
  open(): { readonly id: number; readonly reply: Promise<ResultValue> } {
    let id = this.#lastId;
    do id = id === MAX_ID ? 1 : id + 1;
    while (this.#pending.has(id));
    this.#lastId = id;
    const reply = new Promise<ResultValue>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
    });
    return { id, reply };
  }

  /** Settles the request `frame` answers; false when no such request is in flight. */
  settle(frame: ResultFrame | FailureFrame): boolean {
    const pending = this.#pending.get(frame.requestId);
    if (pending === undefined) return false;
    this.#pending.delete(frame.requestId);
    if (frame.kind === "result") pending.resolve(frame.value);
    else pending.reject(errorFromInfo(frame.error));
    return true;
  }

  /** Rejects one request in flight (it could not be sent); false when there is no such request. */
  reject(id: number, error: Error): boolean {
    const pending = this.#pending.get(id);
    if (pending === undefined) return false;
    this.#pending.delete(id);
    pending.reject(error);
    return true;
  }

  /** Rejects every request in flight with `error` (the connection is gone). */
  failAll(error: Error): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(error);
  }

  /** Requests in flight. */
  get size(): number {
    return this.#pending.size;
  }
}
