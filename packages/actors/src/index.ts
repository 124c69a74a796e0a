export type { Clock, Timer } from "./Clock.js";
export { systemClock } from "./Clock.js";
export type { ExitReason } from "./ExitReason.js";
export { isNormalExit } from "./ExitReason.js";
export type { Process } from "./Process.js";
