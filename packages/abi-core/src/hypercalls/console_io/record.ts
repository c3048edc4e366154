/** console_io's record (xen/drivers/char/console.c: do_console_io, guest_console_write). */
import type { HypercallRecord } from "../record.js";
import { do_console_io } from "./console-io.js";

const CONSOLE = "xen/drivers/char/console.c: do_console_io";

export const CONSOLE_IO_RECORD: HypercallRecord = {
  name: "console_io",
  subopPrefix: "CONSOLEIO_",
  subopArg: 0,
  unknownSubop: "ENOSYS",
  checks: [
    {
      id: "console_io.entry.xsm",
      errno: "EPERM",
      xen: "xen/include/xsm/dummy.h: xsm_console_io",
      when: "a domain other than the console domain, unless writing in a CONFIG_VERBOSE_DEBUG build (FLASK: -EACCES for a read)",
    },
  ],
  subops: [
    {
      name: "CONSOLEIO_write",
      number: 0,
      modelled: true,
      args: ["subop", "count", "handle"],
      checks: [
        {
          id: "console_io.write.copy",
          errno: "EFAULT",
          xen: "xen/drivers/char/console.c: guest_console_write",
          when: "a chunk of the buffer is outside guest memory",
        },
      ],
    },
    {
      name: "CONSOLEIO_read",
      number: 1,
      modelled: true,
      args: ["subop", "count", "handle"],
      checks: [
        {
          id: "console_io.read.count",
          errno: "E2BIG",
          xen: CONSOLE,
          when: "count is over INT_MAX",
          since: "4.13.0",
        },
      ],
    },
  ],
  handlers: { do_console_io },
};
