/**
 * ANSI colors for human output. Color is decided once per run (a TTY without
 * `NO_COLOR`); every formatter takes the decision as a flag, so piped output and
 * tests always see plain text.
 */
export type Color = "green" | "red" | "yellow" | "dim" | "bold" | "cyan";

const codes: Record<Color, readonly [number, number]> = {
  green: [32, 39],
  red: [31, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  dim: [2, 22],
  bold: [1, 22],
};

/** `text` wrapped in the color's escape codes, or unchanged when color is off or unset. */
export function paint(text: string, color: Color | undefined, enabled: boolean): string {
  if (!enabled || color === undefined || text === "") return text;
  const [open, close] = codes[color];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

/** The color of a lifecycle (or node, job) state: running green, failing red, in between yellow, ended dim. */
export function stateColor(state: string): Color | undefined {
  switch (state) {
    case "alive":
    case "running":
    case "succeeded":
      return "green";
    case "crashed":
    case "dead":
    case "failed":
      return "red";
    case "pending":
    case "scheduled":
    case "starting":
    case "restarting":
    case "replaying":
    case "stopping":
      return "yellow";
    case "stopped":
      return "dim";
    default:
      return undefined;
  }
}
