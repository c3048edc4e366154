/**
 * console_io's record. A placeholder that wires the handler into the registry: its sub-ops and
 * checks are still to be written (the handlers' work on issue 15).
 */
import type { HypercallRecord } from "../record.js";
import { do_console_io } from "./console-io.js";

export const CONSOLE_IO_RECORD: HypercallRecord = {
  name: "console_io",
  checks: [],
  subops: [],
  handlers: { do_console_io },
};
