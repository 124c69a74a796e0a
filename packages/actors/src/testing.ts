/** Test helpers users want too (`@rayx/actors/testing`): drive time by hand instead of sleeping. */
export { SimulatedClock } from "./SimulatedClock.js";
