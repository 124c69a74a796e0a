/**
 * What a peer that has not said hello is told when its request fails: the error's
 * name, code and message for rayx's own errors (they name the field or rule, never a
 * path), a generic message for anything else, and never a stack. The full error is
 * logged here, on the node's own stderr, for whoever runs it.
 */
import { RayxError } from "@rayx/gcs";
import type { ErrorInfo } from "../Frame.js";

export function strangerErrorInfo(error: unknown, peer: string): ErrorInfo {
  if (error instanceof RayxError) {
    return { name: error.name, code: error.code, message: error.message, stack: "" };
  }
  console.error(`rayx: a request from ${peer} before its hello failed:`, error);
  return {
    name: "Error",
    code: "RAYX_INTERNAL",
    message: "the head could not answer this request (its log has the detail)",
    stack: "",
  };
}
