/**
 * The holder names rayx writes into the object store's reference table (besides the
 * store's own `proc:`/`pin:`/`obj:` ones): the node manager's hold on every object it
 * owns (released when its reference count reaches zero), and a call log's hold on a
 * stored argument of one logged call (released when compaction moves past the call).
 */

/** The node manager's hold on the objects of its node, whichever process wrote them. */
export const NODE_HOLDER = "rayx:node";

/** The hold of call `seq` of actor `actorId`'s log on a stored argument. */
export function logHolder(actorId: string, seq: number): string {
  return `log:${actorId}:${seq}`;
}
