/**
 * What the dashboard's buttons need from the runtime, injected by whoever starts it
 * (the head node, an embedded cluster): the same operation `rayx kill` and `rayx
 * restart` use, so a button does exactly what the command does.
 */
export interface DashboardControl {
  /**
   * Kills actor `actorId`: for good with `noRestart: true` (it ends `dead`), else as
   * a crash its supervisor answers by rebuilding it from its call log.
   */
  kill(actorId: string, options: { readonly noRestart: boolean }): Promise<void>;
}
