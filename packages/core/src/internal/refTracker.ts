/**
 * How the owner of this process's objects (the node manager, in the driver) learns
 * which refs are still reachable: every `ObjectRef` made here is reported, and so is
 * every ref that leaves the process inside an encoded value. An object whose refs
 * here are all garbage collected, and that never left, can be forgotten.
 */

export interface RefTracker {
  made(ref: object, objectId: string): void;
  escaped(objectId: string): void;
}

let tracker: RefTracker | undefined;

/** Installs (or removes) the tracker of this process. */
export function setRefTracker(next: RefTracker | undefined): void {
  tracker = next;
}

export function refMade(ref: object, objectId: string): void {
  tracker?.made(ref, objectId);
}

export function refEscaped(objectId: string): void {
  tracker?.escaped(objectId);
}
