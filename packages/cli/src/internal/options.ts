/**
 * Parsers of flag values shared by the commands. They throw commander's
 * `InvalidArgumentError`, so a bad value is reported against its flag and exits 2.
 */
import { InvalidArgumentError } from "commander";

/** A whole number ≥ `min`. */
export function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected a whole number ≥ ${min}, not '${value}'.`);
    }
    return n;
  };
}
