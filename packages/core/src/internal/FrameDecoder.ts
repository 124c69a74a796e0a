/**
 * Splits a byte stream into frames, each a u32 big-endian length followed by that
 * many bytes. Pure (no sockets), so it is tested by feeding bytes in any split.
 * Chunks of an incomplete frame are kept and concatenated once when the frame is
 * complete (re-concatenating per chunk is quadratic; MEASURED.md §3); frames that lie
 * whole inside one chunk come out as views of it, without a copy.
 */
import { FrameTooLargeError } from "../errors.js";

/** Size of the length prefix before every frame. */
export const HEADER_BYTES = 4;

export class FrameDecoder {
  #chunks: Buffer[] = [];
  #buffered = 0;
  /** Body length of the frame being collected, once its header is known; -1 before. */
  #expected = -1;

  constructor(
    /** Checked against each length prefix as soon as it arrives, before the body is buffered. */
    public maxFrameBytes: number,
    /** Names the sender in errors. */
    readonly peer: string,
  ) {}

  /** Drops the bytes held for an incomplete frame (the stream is gone). */
  reset(): void {
    this.#chunks = [];
    this.#buffered = 0;
    this.#expected = -1;
  }

  /**
   * The frames that `chunk` completes, in order. Throws `FrameTooLargeError` when a
   * length prefix is above `maxFrameBytes`; the stream cannot be resynchronised after it.
   */
  push(chunk: Buffer): Buffer[] {
    if (this.#buffered === 0) return this.#split(chunk);
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    if (this.#expected < 0) {
      if (this.#buffered < HEADER_BYTES) return [];
      if (this.#chunks[0]!.length < HEADER_BYTES) this.#join();
      this.#expected = this.#checked(this.#chunks[0]!.readUInt32BE(0));
    }
    if (this.#buffered < HEADER_BYTES + this.#expected) return [];
    return this.#split(this.#join());
  }

  /** Bytes held for an incomplete frame. */
  get pendingBytes(): number {
    return this.#buffered;
  }

  #join(): Buffer {
    const joined = Buffer.concat(this.#chunks, this.#buffered);
    this.#chunks = [joined];
    return joined;
  }

  /** Takes every whole frame out of `bytes` (which starts at a header) and keeps the rest. */
  #split(bytes: Buffer): Buffer[] {
    const frames: Buffer[] = [];
    let offset = 0;
    let expected = -1;
    while (bytes.length - offset >= HEADER_BYTES) {
      expected = this.#checked(bytes.readUInt32BE(offset));
      const end = offset + HEADER_BYTES + expected;
      if (end > bytes.length) break;
      frames.push(bytes.subarray(offset + HEADER_BYTES, end));
      offset = end;
      expected = -1;
    }
    const rest = bytes.length - offset;
    this.#chunks = rest > 0 ? [offset === 0 ? bytes : bytes.subarray(offset)] : [];
    this.#buffered = rest;
    this.#expected = rest >= HEADER_BYTES ? expected : -1;
    return frames;
  }

  #checked(length: number): number {
    if (length > this.maxFrameBytes) {
      throw new FrameTooLargeError(this.peer, length, this.maxFrameBytes);
    }
    return length;
  }
}
