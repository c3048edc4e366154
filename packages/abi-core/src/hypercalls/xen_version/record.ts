/**
 * xen_version's record (xen/common/kernel.c: do_xen_version, xenver_varbuf_op). Every sub-op
 * asks xsm_xen_version first; a denied string sub-op still answers 0 with "<denied>".
 */
import type { HypercallRecord, SubopRecord } from "../record.js";
import { do_xen_version } from "./xen-version.js";

/**
 * The checks of each sub-op (copy faults, get_features' submap_idx, pagesize's buffer, the *2
 * sub-ops' -EPERM/-ENOBUFS) are in the handler; they join these records once the handler
 * reports them by id in the trace.
 */
function simple(name: string, number: number, structs: string[]): SubopRecord {
  return {
    name,
    number,
    modelled: true,
    args: ["subop", "handle"],
    structs,
    checks: [],
  };
}

/** The XENVER_*2 sub-ops (4.20+): xen_varbuf_t; -EPERM when XSM denies. */
function varbuf(name: string, number: number): SubopRecord {
  return {
    name,
    number,
    modelled: true,
    since: "4.20.0",
    args: ["subop", "handle"],
    structs: ["xen_varbuf_t"],
    checks: [],
  };
}

export const XEN_VERSION_RECORD: HypercallRecord = {
  name: "xen_version",
  subopPrefix: "XENVER_",
  subopArg: 0,
  unknownSubop: "ENOSYS",
  checks: [],
  subops: [
    { name: "XENVER_version", number: 0, modelled: true, args: ["subop"], checks: [] },
    simple("XENVER_extraversion", 1, ["xen_extraversion_t"]),
    simple("XENVER_compile_info", 2, ["xen_compile_info_t"]),
    simple("XENVER_capabilities", 3, ["xen_capabilities_info_t"]),
    simple("XENVER_changeset", 4, ["xen_changeset_info_t"]),
    simple("XENVER_platform_parameters", 5, ["xen_platform_parameters_t"]),
    {
      name: "XENVER_get_features",
      number: 6,
      modelled: true,
      args: ["subop", "handle"],
      structs: ["xen_feature_info_t"],
      checks: [],
    },
    {
      name: "XENVER_pagesize",
      number: 7,
      modelled: true,
      args: ["subop", "handle"],
      checks: [],
    },
    simple("XENVER_guest_handle", 8, []),
    simple("XENVER_commandline", 9, ["xen_commandline_t"]),
    {
      name: "XENVER_build_id",
      number: 10,
      // XSM's denial is modelled; a permitted caller's build id belongs to one build: unmodelled.
      modelled: false,
      args: ["subop", "handle"],
      structs: ["xen_build_id_t"],
      checks: [],
    },
    varbuf("XENVER_extraversion2", 11),
    varbuf("XENVER_capabilities2", 12),
    varbuf("XENVER_changeset2", 13),
    varbuf("XENVER_commandline2", 14),
  ],
  handlers: { do_xen_version, compat_xen_version: do_xen_version },
};
