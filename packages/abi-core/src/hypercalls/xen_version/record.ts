/**
 * xen_version's record (xen/common/kernel.c: do_xen_version, xenver_varbuf_op). Every sub-op
 * asks xsm_xen_version first; a denied string sub-op still answers 0 with "<denied>", so only
 * build_id and the `*2` sub-ops fail when denied. The handler reports each failing check by
 * its id.
 */
import { checkMaker, type CheckRecord, type HypercallRecord, type SubopRecord } from "../record.js";
import { do_xen_version } from "./xen-version.js";

const c = checkMaker("xen_version", "xen/common/kernel.c");

const copyOut = (key: string, what: string): CheckRecord =>
  c(
    `${key}.copy_out`,
    "EFAULT",
    "do_xen_version",
    `The ${what} cannot be written (copy_to_guest).`,
  );

/** A sub-op that copies one fixed-size string (or struct) out; denied, it copies "<denied>". */
function simple(name: string, number: number, structs: string[]): SubopRecord {
  const key = name.slice("XENVER_".length);
  return {
    name,
    number,
    modelled: true,
    args: ["subop", "handle"],
    structs,
    checks: [copyOut(key, structs[0] ?? "xen_domain_handle_t")],
  };
}

const NO_DENIAL =
  "No modelled policy denies it: the dummy policy and FLASK's shipped policy let every domain read it.";

/** The XENVER_*2 sub-ops (4.20+, xenver_varbuf_op): xen_varbuf_t, -EPERM when XSM denies. */
function varbuf(name: string, number: number, deniedToDomU: boolean): SubopRecord {
  const key = name.slice("XENVER_".length);
  const since = "4.20.0";
  return {
    name,
    number,
    modelled: true,
    since,
    args: ["subop", "handle"],
    structs: ["xen_varbuf_t"],
    checks: [
      c(`${key}.xsm`, "EPERM", "do_xen_version", "xsm_xen_version denies the sub-op.", {
        since,
        ...(!deniedToDomU && { untestable: NO_DENIAL }),
      }),
      c(`${key}.too_big`, "E2BIG", "xenver_varbuf_op", "The string is over 64 KiB.", {
        since,
        untestable: "Xen's strings (at most the 1 KiB command line) never reach 64 KiB.",
      }),
      c(`${key}.copy_in`, "EFAULT", "xenver_varbuf_op", "The xen_varbuf_t's len cannot be read.", {
        since,
      }),
      c(`${key}.buffer_small`, "ENOBUFS", "xenver_varbuf_op", "len is below the string's length.", {
        since,
      }),
      c(
        `${key}.copy_out`,
        "EFAULT",
        "xenver_varbuf_op",
        "The string cannot be written after len (copy_to_guest_offset).",
        { since },
      ),
    ],
  };
}

export const XEN_VERSION_RECORD: HypercallRecord = {
  name: "xen_version",
  subopPrefix: "XENVER_",
  subopArg: 0,
  unknownSubop: "ENOSYS",
  checks: [
    c(
      "entry.cmd_unknown",
      "ENOSYS",
      "do_xen_version",
      "cmd is none of the release's XENVER_* values (11-14 before 4.20).",
    ),
  ],
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
      checks: [
        c(
          "get_features.copy_in",
          "EFAULT",
          "do_xen_version",
          "The xen_feature_info_t cannot be read.",
        ),
        c(
          "get_features.submap_idx",
          "EINVAL",
          "do_xen_version",
          "submap_idx is not below XENFEAT_NR_SUBMAPS (1).",
        ),
        c(
          "get_features.copy_out",
          "EFAULT",
          "do_xen_version",
          "The xen_feature_info_t cannot be written back.",
          {
            untestable:
              "Xen has just read the same bytes; the model's guest memory is never read-only.",
          },
        ),
      ],
    },
    {
      name: "XENVER_pagesize",
      number: 7,
      modelled: true,
      args: ["subop", "handle"],
      checks: [
        c(
          "pagesize.handle_not_null",
          "EINVAL",
          "do_xen_version",
          "The handle is not NULL (the sub-op takes no buffer; a denied caller gets 0 first).",
        ),
      ],
    },
    simple("XENVER_guest_handle", 8, []),
    simple("XENVER_commandline", 9, ["xen_commandline_t"]),
    {
      name: "XENVER_build_id",
      number: 10,
      // XSM's denial and (before 4.20) the buffer's checks are modelled; a permitted caller's
      // build id belongs to one build: unmodelled.
      modelled: false,
      args: ["subop", "handle"],
      structs: ["xen_build_id_t"],
      checks: [
        c("build_id.xsm", "EPERM", "do_xen_version", "xsm_xen_version denies the sub-op (a domU)."),
        c(
          "build_id.copy_in",
          "EFAULT",
          "do_xen_version",
          "arg is not NULL and its xen_build_id_t (len) cannot be read.",
          { until: "4.19" },
        ),
        c("build_id.len_zero", "EINVAL", "do_xen_version", "arg is not NULL and len is 0.", {
          until: "4.19",
        }),
      ],
    },
    varbuf("XENVER_extraversion2", 11, false),
    varbuf("XENVER_capabilities2", 12, false),
    varbuf("XENVER_changeset2", 13, false),
    varbuf("XENVER_commandline2", 14, true),
  ],
  handlers: { do_xen_version, compat_xen_version: do_xen_version },
};
