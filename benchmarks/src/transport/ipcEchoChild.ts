/** The child-process IPC peer: echoes every message back on the IPC channel. */
process.on("message", (message) => process.send!(message));
process.on("disconnect", () => process.exit(0));
