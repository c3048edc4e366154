import { argAddr, type HypercallCall } from "../../machine/call.js";
import { E2BIG, EFAULT, ENOSYS } from "../../machine/errno.js";
import { releaseMinor } from "../../machine/release.js";
import { failCheck, passCheck } from "../../machine/trace.js";
import { hypercallCreateContinuation, hypercallPreemptCheck } from "../continuation.js";

export const CONSOLEIO_write = 0;
export const CONSOLEIO_read = 1;

/** console.c: guest_console_write copies through a 128-byte kbuf, 127 bytes at a time. */
const CHUNK = 127;
const HYPERVISOR_console_io = 18;
const decoder = new TextDecoder();

/** INT_MAX: CONSOLEIO_read's count must fit the positive half of its long result. */
const INT_MAX = 0x7fffffff;

/**
 * do_console_io(unsigned int cmd, unsigned int count, char *buffer)
 * (xen/drivers/char/console.c): xsm_console_io first, then the sub-op. CONSOLEIO_read copies
 * what the physical serial line received (serial_rx_ring); the model's serial line receives
 * nothing, so a permitted read answers 0 characters. From 4.13 (ea601ec999) a read with a
 * count over INT_MAX is -E2BIG; 4.12 took `int count`, so such a count read nothing.
 */
export function do_console_io(call: HypercallCall): number {
  const cmd = call.argLo[0]!;
  const trace = call.xen.trace;
  const rc = call.xen.xsm.consoleIo(call.domain, cmd | 0);
  if (rc !== 0) return passCheck(trace, "console_io.entry.xsm", rc);
  switch (cmd) {
    case CONSOLEIO_write:
      return guestConsoleWrite(call, argAddr(call, 2), call.argLo[1]!);
    case CONSOLEIO_read:
      if (releaseMinor(call.xen.release) >= 13 && call.argLo[1]! > INT_MAX)
        return failCheck(trace, "console_io.read.count_max", E2BIG, "count", call.argLo[1]!);
      return 0;
    default:
      return failCheck(trace, "console_io.entry.cmd_unknown", ENOSYS, "cmd", cmd);
  }
}

function guestConsoleWrite(call: HypercallCall, buffer: number, count: number): number {
  let chunks = 0;
  while (count > 0) {
    // Progress is guaranteed: the check only runs once a chunk has gone out.
    if (chunks > 0 && hypercallPreemptCheck(call))
      return hypercallCreateContinuation(call, HYPERVISOR_console_io, [
        CONSOLEIO_write,
        count,
        buffer,
      ]);
    const n = Math.min(count, CHUNK);
    const bytes = call.domain.memory.readBytes(buffer, n);
    if (bytes === undefined) return failCheck(call.xen.trace, "console_io.write.copy_in", EFAULT);
    call.domain.console += decoder.decode(bytes);
    buffer += n;
    count -= n;
    chunks++;
    call.work++;
  }
  return 0;
}
