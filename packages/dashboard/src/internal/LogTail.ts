/**
 * Follows a worker process's log files (`worker-<pid>.out|err` in its node's logs
 * dir, written by the worker pool) for one dashboard: what they hold, then what is
 * appended, read from where the last read ended. A character cut in two between
 * reads waits for its rest.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { StringDecoder } from "node:string_decoder";

const POLL_MS = 250;
/** The first read of a file starts at most this far from its end. */
const FIRST_READ_BYTES = 256 * 1024;

export type LogChunk = { readonly stream: "out" | "err"; readonly text: string };

export class LogTail {
  readonly #timer: NodeJS.Timeout;
  readonly #files: {
    path: string;
    stream: "out" | "err";
    offset: number;
    decoder: StringDecoder;
  }[];

  constructor(logDir: string, pid: number, send: (chunk: LogChunk) => void) {
    this.#files = (["out", "err"] as const).map((stream) => ({
      path: join(logDir, `worker-${pid}.${stream}`),
      stream,
      offset: -1,
      decoder: new StringDecoder("utf8"),
    }));
    const poll = () => {
      for (const file of this.#files) {
        const text = read(file);
        if (text !== "") send({ stream: file.stream, text });
      }
    };
    poll();
    this.#timer = setInterval(poll, POLL_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

function read(file: { path: string; offset: number; decoder: StringDecoder }): string {
  if (!existsSync(file.path)) return "";
  const size = statSync(file.path).size;
  if (file.offset < 0) file.offset = Math.max(0, size - FIRST_READ_BYTES);
  if (size <= file.offset) return "";
  const buffer = Buffer.alloc(size - file.offset);
  const fd = openSync(file.path, "r");
  try {
    const got = readSync(fd, buffer, 0, buffer.length, file.offset);
    file.offset += got;
    return file.decoder.write(buffer.subarray(0, got));
  } finally {
    closeSync(fd);
  }
}
