/**
 * The two ways the runtime suites drive a subject, as Ray's microbenchmark does:
 * `oneByOne` awaits each call before the next ("sync"), `allInFlight` issues every
 * call first and then awaits them all ("async").
 */

export async function oneByOne(count: number, call: () => PromiseLike<unknown>): Promise<void> {
  for (let i = 0; i < count; i++) await call();
}

export async function allInFlight(count: number, call: () => PromiseLike<unknown>): Promise<void> {
  const replies = new Array<PromiseLike<unknown>>(count);
  for (let i = 0; i < count; i++) replies[i] = call();
  await Promise.all(replies);
}

/** Operations per second from a median time in milliseconds. */
export function perSecond(ops: number, ms: number): number {
  return ops / (ms / 1000);
}
