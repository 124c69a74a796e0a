/**
 * The raw `net` peer (the limit): a Unix-socket server at argv[2] that writes every
 * chunk it reads straight back, so u32-length-prefixed frames return unchanged with no
 * framing or decoding work on this side. Prints "listening" once ready.
 */
import { createServer } from "node:net";

const server = createServer((socket) => socket.on("data", (chunk) => socket.write(chunk)));
server.listen(process.argv[2], () => console.log("listening"));
process.on("disconnect", () => process.exit(0));
