/**
 * The holder names rayx uses besides the store's own `proc:`/`pin:`/`obj:` ones: the
 * node manager's hold on every object it owns in the object store (released when its
 * reference count reaches zero), a call log entry's hold on the objects its arguments
 * need (released when compaction moves past the call), and a stored value's hold (at
 * the node manager) on the inline objects of refs inside it.
 */

/** The node manager's hold on the objects of its node, whichever process wrote them. */
export const NODE_HOLDER = "rayx:node";

/** The hold of call `seq` of actor `actorId`'s log on the objects its arguments need. */
export function logHolder(actorId: string, seq: number): string {
  return `log:${actorId}:${seq}`;
}

/** The hold of stored value `storedId` on the objects of refs inside it (the store holds only its own). */
export function valueHolder(storedId: string): string {
  return `value:${storedId}`;
}
