/**
 * Structs of public/version.h — xen_version: the results of its sub-ops.
 * Checked against xen-project/xen RELEASE-4.22.0 (and back to RELEASE-4.12.0 unless `since`).
 */
import { f, type StructDef } from "./define.js";

const VERSION = "public/version.h";

export const VERSION_STRUCTS: readonly StructDef[] = [
  {
    name: "xen_extraversion_t",
    header: VERSION,
    arrayTypedef: true,
    summary: "XENVER_extraversion result: the version suffix, NUL-terminated.",
    fields: [f("extraversion", "char", 'Version suffix text (e.g. ".0").', { count: 16 })],
  },
  {
    name: "xen_compile_info_t",
    tag: "xen_compile_info",
    header: VERSION,
    xlat: "check",
    summary: "XENVER_compile_info result.",
    fields: [
      f("compiler", "char", "Compiler used to build Xen.", { count: 64 }),
      f("compile_by", "char", "User who built it.", { count: 16 }),
      f("compile_domain", "char", "Build host's domain.", { count: 32 }),
      f("compile_date", "char", "Build date.", { count: 32 }),
    ],
  },
  {
    name: "xen_capabilities_info_t",
    header: VERSION,
    arrayTypedef: true,
    summary: "XENVER_capabilities result: space-separated guest types Xen runs.",
    fields: [
      f("capabilities", "char", 'Capability text (e.g. "xen-3.0-aarch64 xen-3.0-armv7l").', {
        count: 1024,
      }),
    ],
  },
  {
    name: "xen_changeset_info_t",
    header: VERSION,
    arrayTypedef: true,
    summary: "XENVER_changeset result: the source revision Xen was built from.",
    fields: [f("changeset", "char", "Changeset text.", { count: 64 })],
  },
  {
    name: "xen_platform_parameters_t",
    tag: "xen_platform_parameters",
    header: VERSION,
    summary: "XENVER_platform_parameters result.",
    fields: [f("virt_start", "xen_ulong_t", "Start of the hypervisor's virtual address hole.")],
  },
  {
    name: "xen_feature_info_t",
    tag: "xen_feature_info",
    header: VERSION,
    xlat: "check",
    summary: "XENVER_get_features argument and result.",
    fields: [
      f("submap_idx", "uint32_t", "In: which 32-bit block of feature bits."),
      f("submap", "uint32_t", "Out: the feature bits of that block."),
    ],
  },
  {
    name: "xen_commandline_t",
    header: VERSION,
    arrayTypedef: true,
    summary: "XENVER_commandline result: Xen's boot command line.",
    fields: [f("commandline", "char", "Command line text.", { count: 1024 })],
  },
  {
    name: "xen_build_id_t",
    tag: "xen_build_id",
    header: VERSION,
    xlat: "check",
    summary: "XENVER_build_id argument: a buffer size, then the build id bytes.",
    fields: [
      f("len", "uint32_t", "In: size of buf."),
      f("buf", "unsigned char", "Out: the build id.", { flexible: true }),
    ],
  },
  {
    name: "xen_varbuf_t",
    tag: "xen_varbuf",
    header: VERSION,
    xlat: "check",
    since: "4.20",
    summary: "Argument of the XENVER_*2 ops: a buffer size, then the data.",
    fields: [
      f("len", "uint32_t", "In: size of buf."),
      f("buf", "unsigned char", "Out: the requested data.", { flexible: true }),
    ],
  },
];
