/**
 * The object transfer protocol over one ws connection (text frames are JSON):
 *   client → server  { id, offset }                    after the upgrade (token checked at the upgrade)
 *   server → client  { size } | { error, code }
 *   server → client  binary frames: the object's framed bytes from `offset` to `size`
 *   server → client  { sha256 }                        after the last binary frame
 * The framed bytes are those of `framing.ts` (header, record, external segments);
 * `sha256` covers all of them, so a transfer resumed at an offset is checked whole.
 * It comes last so that both ends hash while the bytes flow: the server as it sends
 * (after hashing the bytes before `offset`), the client as it receives, keeping its
 * hash across reconnections. Neither end reads the object twice before the first
 * or after the last byte.
 */

export interface TransferRequest {
  readonly id: string;
  readonly offset: number;
}

export type TransferReply =
  | { readonly size: number }
  | { readonly sha256: string }
  | { readonly error: string; readonly code: string };

/** The header a client sends its token in (`Bearer <token>`). */
export const AUTH_HEADER = "authorization";

/** The ws path of the transfer endpoint. */
export const TRANSFER_PATH = "/rayx/objects/v1";
