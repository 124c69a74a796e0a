/**
 * How the owner of this process's objects learns which refs are alive here: every
 * `ObjectRef` made in this process is reported to the installed tracker, which holds
 * its object until the ref is garbage collected (the node manager counts the refs of
 * its own process; a worker or a joined driver reports its refs to the manager).
 */

export interface RefTracker {
  /** `ref` names `objectId`: hold the object while `ref` lives. */
  made(ref: object, objectId: string): void;
}

let tracker: RefTracker | undefined;

/** Installs (or removes) the tracker of this process. */
export function setRefTracker(next: RefTracker | undefined): void {
  tracker = next;
}

export function refMade(ref: object, objectId: string): void {
  tracker?.made(ref, objectId);
}
