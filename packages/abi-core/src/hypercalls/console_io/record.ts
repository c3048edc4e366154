/**
 * console_io's record (xen/drivers/char/console.c: do_console_io, guest_console_write): the
 * XSM hook first, then each sub-op's checks in Xen's order. The handler reports each failing
 * check by its id.
 */
import { checkMaker, type HypercallRecord } from "../record.js";
import { do_console_io } from "./console-io.js";

const c = checkMaker("console_io", "xen/drivers/char/console.c");

export const CONSOLE_IO_RECORD: HypercallRecord = {
  name: "console_io",
  subopPrefix: "CONSOLEIO_",
  subopArg: 0,
  unknownSubop: "ENOSYS",
  checks: [
    c(
      "entry.xsm",
      "EPERM",
      "do_console_io (xsm_console_io)",
      "The caller may not use the console: under the dummy policy a domU in a release build (XSM_PRIV; a debug build lets it write); under FLASK a domU's read (-EACCES).",
    ),
    c("entry.cmd_unknown", "ENOSYS", "do_console_io", "cmd is none of the CONSOLEIO_* values."),
  ],
  subops: [
    {
      name: "CONSOLEIO_write",
      number: 0,
      modelled: true,
      args: ["subop", "count", "handle"],
      checks: [
        c(
          "write.copy_in",
          "EFAULT",
          "guest_console_write",
          "A chunk of the buffer cannot be read.",
        ),
      ],
    },
    {
      name: "CONSOLEIO_read",
      number: 1,
      modelled: true,
      args: ["subop", "count", "handle"],
      checks: [
        c(
          "read.count_max",
          "E2BIG",
          "do_console_io",
          "count is above INT_MAX (4.12 took `int count`: such a count read nothing).",
          { since: "4.13" },
        ),
        c(
          "read.copy_out",
          "EFAULT",
          "do_console_io",
          "The characters received cannot be written to the buffer.",
          { untestable: "The model's serial line receives nothing, so a read copies nothing." },
        ),
      ],
    },
  ],
  handlers: { do_console_io },
};
