/** The user module the rayx subject's worker imports: a task that returns its argument. */
export function echo(value: Uint8Array): Uint8Array {
  return value;
}
