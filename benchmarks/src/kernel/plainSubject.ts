/**
 * The plain array-and-promise mailbox (`PlainMailbox`) as a kernel subject: the
 * in-process limit rayx's actor cell is measured against.
 */
import type { KernelSubject } from "./KernelSubject.js";
import { PlainMailbox } from "./PlainMailbox.js";

export const plainSubject: KernelSubject = {
  name: "plain mailbox (limit)",
  startCounter() {
    let total = 0;
    const mailbox = new PlainMailbox<number, number>((n) => (total += n));
    return Promise.resolve({
      add: (n: number) => mailbox.ask(n),
      tell: (n: number) => mailbox.tell(n),
    });
  },
  spawnIdle(n) {
    const actors = new Array<PlainMailbox<number, number>>(n);
    for (let i = 0; i < n; i++) actors[i] = new PlainMailbox<number, number>((m) => m);
    return Promise.resolve(() => {
      actors.length = 0;
    });
  },
  async spawnServed(n) {
    const actors = new Array<PlainMailbox<number, number>>(n);
    for (let i = 0; i < n; i++) actors[i] = new PlainMailbox<number, number>((m) => m);
    await Promise.all(actors.map((actor) => actor.ask(1)));
    return () => {
      actors.length = 0;
    };
  },
};
