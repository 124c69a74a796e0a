/**
 * What a cell that traps exits (`trapExits: true`) receives when a linked process
 * exits: a call to its `onExit(notice)` method, served before queued user calls.
 */
import type { ExitReason } from "./ExitReason.js";

/**
 * @example
 * ```ts
 * @actor({ trapExits: true })
 * class Watcher {
 *   onExit(notice: ExitNotice) { console.log(`${notice.from} exited:`, notice.reason); }
 * }
 * ```
 */
export interface ExitNotice {
  /** Id of the linked process that exited. */
  readonly from: string;
  readonly reason: ExitReason;
}
