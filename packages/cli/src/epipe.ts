/**
 * `xen-abi export | head`: when the reader closes the pipe, stop quietly, as Unix tools do,
 * instead of Node's unhandled 'error' event and its stack trace.
 */
export function quietOnClosedPipe(stream: NodeJS.WriteStream, exit: (code: number) => void): void {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") exit(0);
    else {
      process.stderr.write(`xen-abi: ${e.message}\n`);
      exit(2);
    }
  });
}
