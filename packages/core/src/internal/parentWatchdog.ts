/**
 * Makes a worker process die with its parent even while its main thread is busy
 * (a long CPU-bound task never yields to the event loop, so the IPC 'disconnect'
 * event would wait for it). A small thread with its own event loop reads the pipe
 * the pool passes as fd `PARENT_PIPE_FD`, which the pool never writes: the OS closes
 * it when the parent dies (even by SIGKILL), the read sees end-of-file, and the
 * thread SIGKILLs its process. No polling.
 */
import { Worker } from "node:worker_threads";

/** The child's fd of the pipe whose other end only the pool holds (after stdin, stdout, stderr, ipc). */
export const PARENT_PIPE_FD = 4;

/** Plain JS on purpose: the thread starts without the TypeScript loader (execArgv []). */
const watchdog = `
const { Socket } = require("node:net");
const pipe = new Socket({ fd: ${PARENT_PIPE_FD}, readable: true, writable: false });
const die = () => process.kill(process.pid, "SIGKILL");
pipe.on("end", die);
pipe.on("close", die);
pipe.on("error", die);
pipe.resume();
`;

/** Starts the watchdog thread; it holds no reference that keeps the process alive. */
export function watchParent(): void {
  const thread = new Worker(watchdog, { eval: true, execArgv: [], stdout: false, stderr: false });
  thread.unref();
}
