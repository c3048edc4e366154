/**
 * xen_version's record (xen/common/kernel.c: do_xen_version, xenver_varbuf_op). Every sub-op
 * asks xsm_xen_version first; a denied string sub-op still answers 0 with "<denied>".
 */
import type { CheckRecord, HypercallRecord, SubopRecord } from "../record.js";
import { do_xen_version } from "./xen-version.js";

const KERNEL = "xen/common/kernel.c: do_xen_version";
const VARBUF = "xen/common/kernel.c: xenver_varbuf_op";

function copy(key: string, what: string): CheckRecord {
  return {
    id: `xen_version.${key}.copy`,
    errno: "EFAULT",
    xen: KERNEL,
    when: `${what} is outside guest memory`,
  };
}

function simple(
  name: string,
  number: number,
  key: string,
  structs: string[],
  what: string,
): SubopRecord {
  return {
    name,
    number,
    modelled: true,
    args: ["subop", "handle"],
    structs,
    checks: [copy(key, what)],
  };
}

/** The XENVER_*2 sub-ops (4.20+): xen_varbuf_t; -EPERM when XSM denies. */
function varbuf(name: string, number: number, key: string): SubopRecord {
  return {
    name,
    number,
    modelled: true,
    since: "4.20.0",
    args: ["subop", "handle"],
    structs: ["xen_varbuf_t"],
    checks: [
      {
        id: `xen_version.${key}.xsm`,
        errno: "EPERM",
        xen: KERNEL,
        when: "xsm_xen_version denies it (the control domain only for commandline2)",
      },
      {
        id: `xen_version.${key}.copy_len`,
        errno: "EFAULT",
        xen: VARBUF,
        when: "xen_varbuf_t.len cannot be read",
      },
      {
        id: `xen_version.${key}.nobufs`,
        errno: "ENOBUFS",
        xen: VARBUF,
        when: "the string is longer than len",
      },
      {
        id: `xen_version.${key}.copy_buf`,
        errno: "EFAULT",
        xen: VARBUF,
        when: "buf is outside guest memory",
      },
    ],
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
    simple("XENVER_extraversion", 1, "extraversion", ["xen_extraversion_t"], "the 16-byte buffer"),
    simple("XENVER_compile_info", 2, "compile_info", ["xen_compile_info_t"], "the buffer"),
    simple(
      "XENVER_capabilities",
      3,
      "capabilities",
      ["xen_capabilities_info_t"],
      "the 1024-byte buffer",
    ),
    simple("XENVER_changeset", 4, "changeset", ["xen_changeset_info_t"], "the 64-byte buffer"),
    simple(
      "XENVER_platform_parameters",
      5,
      "platform_parameters",
      ["xen_platform_parameters_t"],
      "the buffer",
    ),
    {
      name: "XENVER_get_features",
      number: 6,
      modelled: true,
      args: ["subop", "handle"],
      structs: ["xen_feature_info_t"],
      checks: [
        {
          id: "xen_version.get_features.copy_in",
          errno: "EFAULT",
          xen: KERNEL,
          when: "xen_feature_info_t cannot be read",
        },
        {
          id: "xen_version.get_features.submap_idx",
          errno: "EINVAL",
          xen: KERNEL,
          when: "submap_idx is not 0 (XENFEAT_NR_SUBMAPS is 1)",
        },
        {
          id: "xen_version.get_features.copy_out",
          errno: "EFAULT",
          xen: KERNEL,
          when: "the result cannot be written",
        },
      ],
    },
    {
      name: "XENVER_pagesize",
      number: 7,
      modelled: true,
      args: ["subop", "handle"],
      checks: [
        {
          id: "xen_version.pagesize.buffer",
          errno: "EINVAL",
          xen: KERNEL,
          when: "the handle is not NULL",
        },
      ],
    },
    simple("XENVER_guest_handle", 8, "guest_handle", ["xen_domain_handle_t"], "the 16-byte buffer"),
    simple(
      "XENVER_commandline",
      9,
      "commandline",
      ["xen_commandline_t"],
      "the buffer (1024 bytes, or 9 when denied)",
    ),
    {
      name: "XENVER_build_id",
      number: 10,
      // XSM's denial is modelled; a permitted caller's build id belongs to one build: unmodelled.
      modelled: false,
      args: ["subop", "handle"],
      structs: ["xen_build_id_t"],
      checks: [
        {
          id: "xen_version.build_id.xsm",
          errno: "EPERM",
          xen: KERNEL,
          when: "xsm_xen_version denies it (any domain but the control domain)",
        },
      ],
    },
    varbuf("XENVER_extraversion2", 11, "extraversion2"),
    varbuf("XENVER_capabilities2", 12, "capabilities2"),
    varbuf("XENVER_changeset2", 13, "changeset2"),
    varbuf("XENVER_commandline2", 14, "commandline2"),
  ],
  handlers: { do_xen_version, compat_xen_version: do_xen_version },
};
