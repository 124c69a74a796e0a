export { RayxError } from "./errors.js";
