/** console_io's record (xen/drivers/char/console.c: do_console_io, guest_console_write). */
import type { HypercallRecord } from "../record.js";
import { do_console_io } from "./console-io.js";

export const CONSOLE_IO_RECORD: HypercallRecord = {
  name: "console_io",
  subopPrefix: "CONSOLEIO_",
  subopArg: 0,
  unknownSubop: "ENOSYS",
  checks: [],
  subops: [
    {
      name: "CONSOLEIO_write",
      number: 0,
      modelled: true,
      args: ["subop", "count", "handle"],
      checks: [],
    },
    {
      name: "CONSOLEIO_read",
      number: 1,
      modelled: true,
      args: ["subop", "count", "handle"],
      checks: [],
    },
  ],
  handlers: { do_console_io },
};
