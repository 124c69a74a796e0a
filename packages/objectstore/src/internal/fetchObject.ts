/**
 * The client side of one object transfer from one address: connects, asks for the
 * object from the first byte not yet received, appends the binary frames into one
 * preallocated buffer, and on a dropped connection reconnects and resumes from the
 * last received offset. The bytes are hashed as they arrive (the hash lives across
 * reconnections); once they are complete, their SHA-256 must match the one the
 * server sends last. Then they are split back into the object's parts. The announced
 * size is checked before the buffer is allocated.
 */
import { constants } from "node:buffer";
import { createHash, type Hash } from "node:crypto";
import WebSocket from "ws";
import { ObjectLostError, ObjectTransferError } from "../errors.js";
import { unframe } from "./framing.js";
import { MalformedValueError } from "./decodeValue.js";
import { AUTH_HEADER, TRANSFER_PATH, type TransferReply } from "./transferProtocol.js";

export interface FetchOptions {
  readonly token: string | undefined;
  /** Connections after the first, each resuming where the last one stopped. */
  readonly retries: number;
  /** Told the offset each (re)connection starts at; tests use it to see a resume. */
  readonly onAttempt?: ((offset: number) => void) | undefined;
}

/** The received object: its parts, and the number of connections it took. */
export interface Fetched {
  readonly parts: Uint8Array[];
  readonly connections: number;
}

export async function fetchObject(
  address: string,
  id: string,
  options: FetchOptions,
): Promise<Fetched> {
  let received: Buffer | undefined;
  let hash: Hash = createHash("sha256");
  let offset = 0;
  let lastError: unknown;
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    options.onAttempt?.(offset);
    try {
      await new Promise<void>((resolve, reject) => {
        const headers =
          options.token === undefined ? {} : { [AUTH_HEADER]: `Bearer ${options.token}` };
        const socket = new WebSocket(`${address}${TRANSFER_PATH}`, {
          headers,
          maxPayload: 64 << 20,
        });
        socket.on("open", () => socket.send(JSON.stringify({ id, offset })));
        socket.on("unexpected-response", (_req, res) => {
          socket.terminate();
          reject(
            fatal(
              new ObjectTransferError(
                id,
                address,
                `the server refused the connection (HTTP ${res.statusCode}); check the token`,
              ),
            ),
          );
        });
        socket.on("message", (data, isBinary) => {
          const bytes = data as Buffer;
          if (!isBinary) {
            const reply = parseReply(bytes);
            if (!reply) {
              socket.terminate();
              return reject(
                fatal(
                  new ObjectTransferError(
                    id,
                    address,
                    "BAD_REPLY: the server's reply is not a JSON object",
                  ),
                ),
              );
            }
            if ("error" in reply) {
              const error =
                reply.code === "OBJECT_LOST"
                  ? new ObjectLostError(id, `not on ${address}`)
                  : fatal(new ObjectTransferError(id, address, `${reply.code}: ${reply.error}`));
              socket.terminate();
              return reject(error);
            }
            if ("sha256" in reply) {
              socket.close(1000);
              if (!received || offset !== received.length)
                return reject(
                  fatal(
                    new ObjectTransferError(
                      id,
                      address,
                      "BAD_REPLY: checksum before the last byte",
                    ),
                  ),
                );
              const actual = hash.digest("hex");
              if (actual !== reply.sha256)
                return reject(
                  fatal(
                    new ObjectTransferError(
                      id,
                      address,
                      `checksum mismatch (got ${actual}, expected ${reply.sha256})`,
                    ),
                  ),
                );
              return resolve();
            }
            if (!("size" in reply) || !isByteCount(reply.size)) {
              socket.terminate();
              return reject(
                fatal(
                  new ObjectTransferError(
                    id,
                    address,
                    `BAD_REPLY: the announced size ${String((reply as { size?: unknown }).size)} is not a byte count up to ${MAX_LENGTH}`,
                  ),
                ),
              );
            }
            if (!received || received.length !== reply.size) {
              // Not the bytes we started with: start again from the first byte.
              received = Buffer.allocUnsafe(reply.size);
              hash = createHash("sha256");
              offset = 0;
            }
            return;
          }
          if (!received) {
            socket.terminate();
            return reject(
              fatal(new ObjectTransferError(id, address, "BAD_REPLY: data before the header")),
            );
          }
          if (offset + bytes.length > received.length) {
            socket.terminate();
            return reject(
              fatal(
                new ObjectTransferError(id, address, "the server sent more bytes than announced"),
              ),
            );
          }
          hash.update(bytes);
          bytes.copy(received, offset);
          offset += bytes.length;
        });
        socket.on("error", (error) => reject(error));
        socket.on("close", () =>
          reject(new ObjectTransferError(id, address, `connection closed at byte ${offset}`)),
        );
      });
    } catch (error) {
      if (error instanceof ObjectLostError || fatalErrors.has(error as Error)) throw error;
      lastError = error;
      continue;
    }
    // Complete and checked: a layout error now is not something a reconnection fixes.
    return { parts: split(id, address, received!), connections: attempt + 1 };
  }
  throw new ObjectTransferError(
    id,
    address,
    `gave up after ${options.retries + 1} connections at byte ${offset}`,
    { cause: lastError },
  );
}

/** Errors a reconnection cannot fix (refusal, bad replies, checksum): not retried. */
const fatalErrors = new WeakSet<Error>();

function fatal<E extends Error>(error: E): E {
  fatalErrors.add(error);
  return error;
}

/** The largest buffer this process can hold: an announced size is checked against it before allocating. */
const MAX_LENGTH = constants.MAX_LENGTH;

function isByteCount(size: unknown): size is number {
  return typeof size === "number" && Number.isSafeInteger(size) && size >= 0 && size <= MAX_LENGTH;
}

/** The reply, or undefined when it is not a JSON object. */
function parseReply(bytes: Buffer): TransferReply | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString());
    return typeof value === "object" && value !== null ? (value as TransferReply) : undefined;
  } catch {
    return undefined;
  }
}

function split(id: string, address: string, bytes: Buffer): Uint8Array[] {
  try {
    return unframe(bytes);
  } catch (error) {
    if (error instanceof MalformedValueError)
      throw new ObjectTransferError(id, address, `malformed object bytes: ${error.message}`);
    throw error;
  }
}
