import { argAddr, type HypercallCall } from "../../machine/call.js";
import { EFAULT, ENOSYS, EPERM } from "../../machine/errno.js";
import { hypercallCreateContinuation, hypercallPreemptCheck } from "../continuation.js";

export const CONSOLEIO_write = 0;
export const CONSOLEIO_read = 1;

/** console.c: guest_console_write copies through a 128-byte kbuf, 127 bytes at a time. */
const CHUNK = 127;
const HYPERVISOR_console_io = 18;
const decoder = new TextDecoder();

/**
 * xsm_console_io (xsm/dummy.h): the control domain may always use the console; other
 * domains may write only in a CONFIG_VERBOSE_DEBUG build (the default for debug builds).
 */
function consoleDenied(call: HypercallCall, cmd: number): boolean {
  if (call.domain.id === 0) return false;
  return !(cmd === CONSOLEIO_write && call.xen.debug);
}

/** do_console_io(unsigned int cmd, unsigned int count, char *buffer) (drivers/char/console.c). */
export function do_console_io(call: HypercallCall): number {
  const cmd = call.argLo[0]!;
  if (consoleDenied(call, cmd)) return -EPERM;
  switch (cmd) {
    case CONSOLEIO_write:
      return guestConsoleWrite(call, argAddr(call, 2), call.argLo[1]!);
    case CONSOLEIO_read:
      // The model keeps no hypervisor console ring to read back: nothing buffered.
      return 0;
    default:
      return -ENOSYS;
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
    if (bytes === undefined) return -EFAULT;
    call.domain.console += decoder.decode(bytes);
    buffer += n;
    count -= n;
    chunks++;
    call.work++;
  }
  return 0;
}
