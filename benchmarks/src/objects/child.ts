/**
 * The reading side of the objects suite, in its own process: opens the same object
 * store as the parent and, per message, reads an object (rayx: its own copy, or a
 * zero-copy view when asked) or takes a value
 * received over IPC (the peer), touches every page of it, and acknowledges.
 */
import { openObjectStore, type ObjectStore } from "@rayx/objectstore";

export type ChildRequest =
  | { readonly kind: "open"; readonly sessionDir: string; readonly capacity: number }
  | { readonly kind: "get"; readonly id: string; readonly zeroCopy?: boolean }
  | { readonly kind: "ipc"; readonly value: Float64Array }
  | { readonly kind: "small"; readonly count: number }
  | { readonly kind: "one" }
  | { readonly kind: "settle" };

let store: ObjectStore | undefined;
let expected = 0;
let received = 0;

/** Reads one byte per 4 KiB page, so lazily mapped or copied memory is really touched. */
export function touchPages(value: ArrayBufferView): number {
  const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 4096) sum += bytes[i]!;
  return sum;
}

process.on("message", (message: ChildRequest) => {
  switch (message.kind) {
    case "open":
      store = openObjectStore({
        sessionDir: message.sessionDir,
        objectStoreMemory: message.capacity,
      });
      return process.send!({ kind: "ready" });
    case "get": {
      const value = store!.get<Float64Array>(message.id, { zeroCopy: message.zeroCopy === true });
      touchPages(value);
      store!.releaseView(value); // done with it: the object may be freed now
      return process.send!({ kind: "done" });
    }
    case "ipc":
      touchPages(message.value);
      return process.send!({ kind: "done" });
    case "small":
      expected = message.count;
      received = 0;
      return;
    case "one":
      if (++received === expected) process.send!({ kind: "done" });
      return;
    case "settle":
      (globalThis as { gc?: () => void }).gc?.();
      return process.send!({ kind: "done" });
  }
});
