/**
 * The object transfer protocol over one ws connection (text frames are JSON):
 *   client → server  { id, offset }                    after the upgrade (token checked at the upgrade)
 *   server → client  { size, sha256 } | { error, code }
 *   server → client  binary frames: the object's framed bytes from `offset` to `size`
 * The framed bytes are those of `framing.ts` (header, record, external segments);
 * `sha256` covers all of them, so a transfer resumed at an offset is checked whole.
 */

export interface TransferRequest {
  readonly id: string;
  readonly offset: number;
}

export type TransferReply =
  | { readonly size: number; readonly sha256: string }
  | { readonly error: string; readonly code: string };

/** The header a client sends its token in (`Bearer <token>`). */
export const AUTH_HEADER = "authorization";

/** The ws path of the transfer endpoint. */
export const TRANSFER_PATH = "/rayx/objects/v1";
