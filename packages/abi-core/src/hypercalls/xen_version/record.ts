/**
 * xen_version's record. A placeholder that wires the handler into the registry: its sub-ops and
 * checks are still to be written (the handlers' work on issue 15).
 */
import type { HypercallRecord } from "../record.js";
import { do_xen_version } from "./xen-version.js";

export const XEN_VERSION_RECORD: HypercallRecord = {
  name: "xen_version",
  checks: [],
  subops: [],
  handlers: { do_xen_version, compat_xen_version: do_xen_version },
};
