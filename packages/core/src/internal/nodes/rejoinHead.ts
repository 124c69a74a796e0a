/**
 * A joined node's way back to its head after the link dropped (the head crashed and
 * is restarted on its storage dir, or it restarted): it stops serving the old head
 * (its workers ran that head's actors and tasks), then connects and links again with
 * the `reconnect` schedule, each attempt from a clean slate. It gives up — and the
 * node stops, as it did before reconnection existed — past the reconnect deadline.
 */
import { reconnect } from "./reconnect.js";

/** What the agent does at each step of rejoining; `L` is one established link. */
export interface Rejoin<L> {
  /** True once the agent is stopping: nothing to rejoin. */
  stopping(): boolean;
  readonly signal: AbortSignal;
  /** Stops what served the previous link (its workers). */
  leave(): Promise<void> | undefined;
  connect(): Promise<L>;
  /** Serves the head over `link`; rejects when the link dropped meanwhile. */
  link(link: L): Promise<void>;
  giveUp(): Promise<void>;
}

/** Rejoins the head; resolves once linked again, or once given up (after `giveUp`). */
export async function rejoinHead<L>(rejoin: Rejoin<L>): Promise<void> {
  if (rejoin.stopping()) return;
  const since = Date.now();
  try {
    await reconnect(
      async () => {
        await rejoin.leave()?.catch(() => undefined);
        await rejoin.link(await rejoin.connect());
      },
      { signal: rejoin.signal },
    );
    console.error(`rayx node: joined the head again after ${Date.now() - since} ms`);
  } catch {
    await rejoin.giveUp();
  }
}
