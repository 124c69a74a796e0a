/**
 * A growable byte writer over one reused scratch buffer: the codec writes the
 * structure of a value here, and the record layer copies the result out at once,
 * so steady-state encoding allocates nothing but the final record.
 */

const INITIAL_SIZE = 64 * 1024;

export class Writer {
  #buf = Buffer.allocUnsafe(INITIAL_SIZE);
  #view = new DataView(this.#buf.buffer, this.#buf.byteOffset, this.#buf.byteLength);
  pos = 0;

  /** Starts a new value; previous bytes are forgotten. */
  reset(): void {
    this.pos = 0;
  }

  /** The bytes written since `reset`; valid until the next write. */
  bytes(): Uint8Array {
    return this.#buf.subarray(0, this.pos);
  }

  u8(value: number): void {
    this.#reserve(1);
    this.#buf[this.pos++] = value;
  }

  u32(value: number): void {
    this.#reserve(4);
    this.#view.setUint32(this.pos, value, true);
    this.pos += 4;
  }

  i32(value: number): void {
    this.#reserve(4);
    this.#view.setInt32(this.pos, value, true);
    this.pos += 4;
  }

  f64(value: number): void {
    this.#reserve(8);
    this.#view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  /** A u32 byte length, then the string as UTF-8 (ASCII written inline, the rest by `Buffer.write`). */
  string(value: string): void {
    const n = value.length;
    this.#reserve(4 + n * 3);
    const start = this.pos + 4;
    let i = 0;
    for (; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80) break;
      this.#buf[start + i] = c;
    }
    const written = i === n ? n : i + this.#buf.write(value.slice(i), start + i, "utf8");
    this.#view.setUint32(this.pos, written, true);
    this.pos = start + written;
  }

  #reserve(n: number): void {
    if (this.pos + n <= this.#buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.pos + n));
    this.#buf.copy(next, 0, 0, this.pos);
    this.#buf = next;
    this.#view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }
}
