/** The record of grant_table_op: sub-ops and checks in xen/common/grant_table.c's order. */
import { checkMaker, type HypercallRecord } from "../record.js";
import { compat_grant_table_op, do_grant_table_op, hvm_grant_table_op } from "./op.js";

const GT = "xen/common/grant_table.c";

const c = checkMaker("grant_table_op", GT);

const SAME_MEMORY = "Xen writes back to the struct it has just read from the same guest memory.";
const x86 = { arch: ["x86_64"] as const };

export const GRANT_TABLE_OP_RECORD: HypercallRecord = {
  name: "grant_table_op",
  subopPrefix: "GNTTABOP_",
  subopArg: 0,
  unknownSubop: "ENOSYS",
  args: ["subop", "handle", "count"],
  checks: [
    c(
      "entry.hvm_filter",
      "ENOSYS",
      "xen/arch/x86/hvm/hypercall.c: hvm_grant_table_op",
      "HVM: cmd (with any bits above the op) is not query_size, setup_table, set_version, get_version, copy, map_grant_ref, unmap_grant_ref or swap_grant_ref.",
      x86,
    ),
    c("entry.count", "EINVAL", "do_grant_table_op", "count is negative as an int."),
    c(
      "entry.opaque",
      "EINVAL",
      "do_grant_table_op",
      "cmd has bits above GNTTABOP_CMD_MASK (0xfff) and the op is not cache_flush.",
    ),
    c(
      "entry.unknown_cmd",
      "ENOSYS",
      "do_grant_table_op",
      "No such op (dump_table included; cache_flush on x86 from 4.21, CONFIG_HAS_GRANT_CACHE_FLUSH being Arm's).",
    ),
  ],
  subops: [
    {
      name: "GNTTABOP_map_grant_ref",
      number: 0,
      modelled: true,
      structs: ["gnttab_map_grant_ref_t", "grant_entry_v1_t"],
      checks: [
        c(
          "map_grant_ref.copy_in",
          "EFAULT",
          "gnttab_map_grant_ref",
          "An op struct cannot be read.",
        ),
        c(
          "map_grant_ref.flags",
          "GNTST_bad_gntref",
          "map_grant_ref",
          "flags has neither GNTMAP_device_map nor GNTMAP_host_map.",
        ),
        c(
          "map_grant_ref.external_device_map",
          "GNTST_general_error",
          "map_grant_ref",
          "An HVM or Arm guest asks for GNTMAP_device_map, application_map or contains_pte.",
        ),
        c(
          "map_grant_ref.bad_domain",
          "GNTST_bad_domain",
          "map_grant_ref",
          "dom does not exist (DOMID_SELF included).",
        ),
        c(
          "map_grant_ref.xsm",
          "GNTST_permission_denied",
          "map_grant_ref (xsm_grant_mapref)",
          "XSM SILO: neither domain is the control domain.",
        ),
        c(
          "map_grant_ref.no_handle",
          "GNTST_no_space",
          "map_grant_ref (get_maptrack_handle)",
          "Every maptrack handle (1024 frames of 256) is in use.",
          { untestable: "needs 262144 live mappings" },
        ),
        c(
          "map_grant_ref.bad_gntref",
          "GNTST_bad_gntref",
          "map_grant_ref",
          "ref is not below the granter's nr_grant_entries.",
        ),
        c(
          "map_grant_ref.pinned",
          "GNTST_general_error",
          "map_grant_ref",
          "The entry is already pinned for another domain, or its pin count would overflow.",
        ),
        c(
          "map_grant_ref.entry",
          "GNTST_general_error",
          "_set_status_v1",
          "The entry is not GTF_permit_access (or is GTF_sub_page), or names another domain.",
        ),
        c(
          "map_grant_ref.readonly_entry",
          "GNTST_general_error",
          "_set_status_v1",
          "A writable map of a GTF_readonly entry.",
        ),
        c(
          "map_grant_ref.bad_page",
          "GNTST_bad_page",
          "get_paged_frame",
          "The entry's frame is not a page of the granter's (a hole, or a frame it mapped from another domain).",
        ),
        c(
          "map_grant_ref.host_mapping",
          "GNTST_general_error",
          "xen/arch/arm/mm.c: create_grant_host_mapping; xen/arch/x86/hvm/grant_table.c: create_grant_p2m_mapping",
          "A translated guest's flags are more than GNTMAP_host_map (and readonly).",
        ),
        c(
          "map_grant_ref.copy_out",
          "EFAULT",
          "gnttab_map_grant_ref",
          "An op struct cannot be written back.",
          {
            untestable: SAME_MEMORY,
          },
        ),
      ],
    },
    {
      name: "GNTTABOP_unmap_grant_ref",
      number: 1,
      modelled: true,
      structs: ["gnttab_unmap_grant_ref_t"],
      checks: [
        c(
          "unmap_grant_ref.copy",
          "EFAULT",
          "gnttab_unmap_grant_ref",
          "An op struct cannot be read.",
        ),
        c(
          "unmap_grant_ref.handle_range",
          "GNTST_bad_handle",
          "unmap_common",
          "handle is not below the caller's maptrack_limit.",
        ),
        c(
          "unmap_grant_ref.handle_unused",
          "GNTST_bad_handle",
          "unmap_common",
          "handle names no live mapping.",
        ),
        c(
          "unmap_grant_ref.granter_gone",
          "domain_crash",
          "unmap_common",
          "The granting domain no longer exists: Xen crashes the caller.",
        ),
        c(
          "unmap_grant_ref.unstable",
          "GNTST_bad_handle",
          "unmap_common",
          "The mapping's ref is beyond the granter's table.",
          {
            untestable:
              "tables only grow in the model, and a version change with a live mapping is -EBUSY",
          },
        ),
        c(
          "unmap_grant_ref.bad_dev_addr",
          "GNTST_bad_dev_addr",
          "unmap_common",
          "dev_bus_addr is not 0 and not the mapped frame's bus address.",
        ),
        c(
          "unmap_grant_ref.host_mapping",
          "GNTST_general_error",
          "xen/arch/arm/mm.c: replace_grant_host_mapping; xen/arch/x86/hvm/grant_table.c: replace_grant_p2m_mapping",
          "host_addr's frame does not hold this grant's mapping.",
        ),
      ],
    },
    {
      name: "GNTTABOP_setup_table",
      number: 2,
      modelled: true,
      structs: ["gnttab_setup_table_t"],
      checks: [
        c(
          "setup_table.compat_count",
          "EINVAL",
          "compat_grant_table_op",
          "32-bit x86 guest: count is above 1 (count 0 does nothing).",
          x86,
        ),
        c("setup_table.count", "EINVAL", "gnttab_setup_table", "count is not 1."),
        c("setup_table.copy_in", "EFAULT", "gnttab_setup_table", "The struct cannot be read."),
        c(
          "setup_table.bad_domain",
          "GNTST_bad_domain",
          "gnttab_setup_table",
          "dom does not exist.",
        ),
        c(
          "setup_table.xsm",
          "GNTST_permission_denied",
          "gnttab_setup_table (xsm_grant_setup)",
          "dom is another domain and the caller is not the control domain.",
        ),
        c(
          "setup_table.max_frames",
          "GNTST_general_error",
          "gnttab_setup_table",
          "nr_frames is above the domain's max_grant_frames (64).",
        ),
        c(
          "setup_table.compat_limit",
          "GNTST_general_error",
          "gnttab_setup_table",
          "32-bit x86 guest: nr_frames is above what the translation area holds (1021).",
          {
            ...x86,
            untestable: "max_grant_frames (64) is checked first and is lower",
          },
        ),
        c(
          "setup_table.address_too_big",
          "GNTST_address_too_big",
          "compat_grant_table_op",
          "32-bit x86 guest: a frame does not fit compat_pfn_t (an HVM guest's unmapped frame is INVALID_GFN).",
          x86,
        ),
        c(
          "setup_table.frame_list",
          "GNTST_bad_virt_addr",
          "gnttab_setup_table",
          "A frame cannot be written to frame_list.",
        ),
        c(
          "setup_table.copy_out",
          "EFAULT",
          "gnttab_setup_table",
          "status cannot be written back.",
          {
            untestable: SAME_MEMORY,
          },
        ),
      ],
    },
    {
      name: "GNTTABOP_dump_table",
      number: 3,
      modelled: true,
      structs: ["gnttab_dump_table_t"],
      checks: [],
    },
    {
      name: "GNTTABOP_transfer",
      number: 4,
      modelled: true,
      structs: ["gnttab_transfer_t"],
      checks: [
        c(
          "transfer.disabled",
          "EOPNOTSUPP",
          "gnttab_transfer",
          "Arm: opt_grant_transfer is false in a build without CONFIG_PV. (x86 PV's page transfer is not modelled: the machine reports unmodelled.)",
          { since: "4.17", arch: ["arm64", "arm32"] },
        ),
        c("transfer.copy_in", "EFAULT", "gnttab_transfer", "An op struct cannot be read.", {
          until: "4.16",
          arch: ["arm64", "arm32"],
        }),
        c(
          "transfer.bad_page",
          "GNTST_bad_page",
          "gnttab_transfer",
          "Nothing is mapped at the frame (gfn_to_mfn gives INVALID_MFN).",
          { until: "4.16", arch: ["arm64", "arm32"] },
        ),
        c(
          "transfer.steal_page",
          "GNTST_general_error",
          "xen/arch/arm/mm.c: steal_page",
          "Any mapped frame: Arm's steal_page is -EOPNOTSUPP.",
          { until: "4.16", arch: ["arm64", "arm32"] },
        ),
        c("transfer.copy_out", "EFAULT", "gnttab_transfer", "status cannot be written back.", {
          until: "4.16",
          arch: ["arm64", "arm32"],
          untestable: SAME_MEMORY,
        }),
      ],
    },
    {
      name: "GNTTABOP_copy",
      number: 5,
      modelled: true,
      structs: ["gnttab_copy_t"],
      checks: [
        c("copy.copy_in", "EFAULT", "gnttab_copy", "An op struct cannot be read."),
        c(
          "copy.frame_not_self",
          "GNTST_permission_denied",
          "gnttab_copy_lock_domain",
          "A side names a frame (no GNTCOPY_*_gref) of a domain other than DOMID_SELF.",
        ),
        c(
          "copy.bad_domain",
          "GNTST_bad_domain",
          "gnttab_copy_lock_domain",
          "A side's domid does not exist.",
        ),
        c(
          "copy.xsm",
          "GNTST_permission_denied",
          "gnttab_copy_lock_domains (xsm_grant_copy)",
          "XSM SILO: neither domain is the control domain.",
        ),
        c(
          "copy.bad_gntref",
          "GNTST_bad_gntref",
          "acquire_grant_for_copy",
          "ref is not below the granter's nr_grant_entries.",
        ),
        c(
          "copy.pinned",
          "GNTST_general_error",
          "acquire_grant_for_copy",
          "The entry is pinned for another domain, or its pin count would overflow.",
        ),
        c(
          "copy.entry",
          "GNTST_general_error",
          "_set_status_v1",
          "The entry is not GTF_permit_access, or names another domain.",
        ),
        c(
          "copy.readonly_entry",
          "GNTST_general_error",
          "_set_status_v1",
          "Copying into a GTF_readonly grant.",
        ),
        c(
          "copy.bad_page",
          "GNTST_bad_page",
          "get_paged_frame",
          "The grant's (or the caller's own) frame is not a page of that domain.",
        ),
        c(
          "copy.changed",
          "GNTST_general_error",
          "acquire_grant_for_copy",
          "The entry, pinned already, now names another frame than the pinned one.",
        ),
        c(
          "copy.beyond_page",
          "GNTST_bad_copy_arg",
          "gnttab_copy_buf",
          "offset + len runs past the page on either side.",
        ),
        c("copy.copy_out", "EFAULT", "gnttab_copy", "status cannot be written back.", {
          untestable: SAME_MEMORY,
        }),
      ],
    },
    {
      name: "GNTTABOP_query_size",
      number: 6,
      modelled: true,
      structs: ["gnttab_query_size_t"],
      checks: [
        c("query_size.count", "EINVAL", "gnttab_query_size", "count is not 1."),
        c("query_size.copy_in", "EFAULT", "gnttab_query_size", "The struct cannot be read."),
        c("query_size.bad_domain", "GNTST_bad_domain", "gnttab_query_size", "dom does not exist."),
        c(
          "query_size.xsm",
          "GNTST_permission_denied",
          "gnttab_query_size (xsm_grant_query_size)",
          "dom is another domain and the caller is not the control domain.",
        ),
        c(
          "query_size.copy_out",
          "EFAULT",
          "gnttab_query_size",
          "The struct cannot be written back.",
          {
            untestable: SAME_MEMORY,
          },
        ),
      ],
    },
    {
      name: "GNTTABOP_unmap_and_replace",
      number: 7,
      modelled: true,
      structs: ["gnttab_unmap_and_replace_t"],
      checks: [
        c(
          "unmap_and_replace.copy",
          "EFAULT",
          "gnttab_unmap_and_replace",
          "An op struct cannot be read or its status written back. (Each op then runs unmap_common, whose checks are unmap_grant_ref's; a PV caller is not modelled: its replacement moves a page-table entry.)",
        ),
        c(
          "unmap_and_replace.new_addr",
          "GNTST_general_error",
          "xen/arch/arm/mm.c: replace_grant_host_mapping",
          "Arm: new_addr is not 0 for a host mapping (x86 HVM callers never get here: hvm_grant_table_op refuses the op).",
          { arch: ["arm64", "arm32"] },
        ),
      ],
    },
    {
      name: "GNTTABOP_set_version",
      number: 8,
      modelled: true,
      structs: ["gnttab_set_version_t"],
      checks: [
        c("set_version.copy_in", "EFAULT", "gnttab_set_version", "The struct cannot be read."),
        c("set_version.version", "EINVAL", "gnttab_set_version", "version is neither 1 nor 2."),
        c(
          "set_version.max_version",
          "ENOSYS",
          "gnttab_set_version",
          "version 2 on a domain whose max_version is 1 (every Arm guest).",
        ),
        c(
          "set_version.in_use",
          "EBUSY",
          "gnttab_set_version",
          "An entry beyond the 8 reserved ones is pinned (mapped).",
        ),
        c(
          "set_version.copy_out",
          "EFAULT",
          "gnttab_set_version",
          "The struct cannot be written back.",
          {
            untestable: SAME_MEMORY,
          },
        ),
      ],
    },
    {
      name: "GNTTABOP_get_status_frames",
      number: 9,
      modelled: true,
      structs: ["gnttab_get_status_frames_t"],
      checks: [
        c(
          "get_status_frames.compat_count",
          "EINVAL",
          "xen/common/compat/grant_table.c: compat_grant_table_op",
          "32-bit PV guest: count is above 1 (count 0 does nothing).",
          x86,
        ),
        c("get_status_frames.count", "EINVAL", "gnttab_get_status_frames", "count is not 1."),
        c(
          "get_status_frames.copy_in",
          "EFAULT",
          "gnttab_get_status_frames",
          "The struct cannot be read.",
        ),
        c(
          "get_status_frames.compat_handle",
          "EFAULT",
          "xen/common/compat/grant_table.c: compat_grant_table_op (compat_handle_okay)",
          "32-bit PV guest: frame_list's nr_frames 8-byte entries do not end below hv_compat_vstart (0xF5800000), or nr_frames is 0x1FFFFFFF or more.",
          x86,
        ),
        c(
          "get_status_frames.handle",
          "EFAULT",
          "gnttab_get_status_frames (guest_handle_okay)",
          "64-bit PV guest: frame_list is in the non-canonical hole or Xen's range.",
          { ...x86, since: "4.16" },
        ),
        c(
          "get_status_frames.compat_xlat",
          "EFAULT",
          "gnttab_get_status_frames (guest_handle_okay)",
          "32-bit PV guest: nr_frames is above what the translation area holds (1022).",
          { ...x86, since: "4.16", until: "4.17" },
        ),
        c(
          "get_status_frames.bad_domain",
          "GNTST_bad_domain",
          "gnttab_get_status_frames",
          "dom does not exist.",
        ),
        c(
          "get_status_frames.xsm",
          "GNTST_permission_denied",
          "gnttab_get_status_frames (xsm_grant_setup)",
          "dom is another domain and the caller is not the control domain.",
        ),
        c(
          "get_status_frames.nr_frames",
          "GNTST_general_error",
          "gnttab_get_status_frames",
          "nr_frames is above the table's status frames (none for version 1).",
        ),
        c(
          "get_status_frames.compat_limit",
          "GNTST_general_error",
          "gnttab_get_status_frames",
          "32-bit PV guest: nr_frames is above what the translation area holds (1022).",
          {
            ...x86,
            until: "4.17",
            untestable: "nr_frames above the table's status frames is checked first and is lower",
          },
        ),
        c(
          "get_status_frames.frame_list",
          "GNTST_bad_virt_addr",
          "gnttab_get_status_frames",
          "A frame cannot be written to frame_list.",
        ),
        c(
          "get_status_frames.copy_out",
          "EFAULT",
          "gnttab_get_status_frames",
          "status cannot be written back.",
          {
            untestable: SAME_MEMORY,
          },
        ),
      ],
    },
    {
      name: "GNTTABOP_get_version",
      number: 10,
      modelled: true,
      structs: ["gnttab_get_version_t"],
      checks: [
        c("get_version.copy_in", "EFAULT", "gnttab_get_version", "The struct cannot be read."),
        c("get_version.domid", "ESRCH", "gnttab_get_version", "dom does not exist."),
        c(
          "get_version.xsm",
          "EPERM",
          "gnttab_get_version (xsm_grant_query_size)",
          "dom is another domain and the caller is not the control domain.",
        ),
        c(
          "get_version.copy_out",
          "EFAULT",
          "gnttab_get_version",
          "version cannot be written back.",
          {
            untestable: SAME_MEMORY,
          },
        ),
      ],
    },
    {
      name: "GNTTABOP_swap_grant_ref",
      number: 11,
      modelled: true,
      structs: ["gnttab_swap_grant_ref_t"],
      checks: [
        c(
          "swap_grant_ref.copy_in",
          "EFAULT",
          "gnttab_swap_grant_ref",
          "An op struct cannot be read.",
        ),
        c(
          "swap_grant_ref.bad_ref_a",
          "GNTST_bad_gntref",
          "swap_grant_ref",
          "ref_a is not below nr_grant_entries of the caller's table.",
        ),
        c(
          "swap_grant_ref.bad_ref_b",
          "GNTST_bad_gntref",
          "swap_grant_ref",
          "ref_b is not below nr_grant_entries (checked after ref_a; equal refs are then a no-op).",
        ),
        c(
          "swap_grant_ref.busy_a",
          "GNTST_eagain",
          "swap_grant_ref",
          "Entry ref_a is pinned (mapped or being copied by another domain).",
        ),
        c("swap_grant_ref.busy_b", "GNTST_eagain", "swap_grant_ref", "Entry ref_b is pinned."),
        c(
          "swap_grant_ref.copy_out",
          "EFAULT",
          "gnttab_swap_grant_ref",
          "status cannot be written back.",
          { untestable: SAME_MEMORY },
        ),
      ],
    },
    {
      name: "GNTTABOP_cache_flush",
      number: 12,
      modelled: true,
      structs: ["gnttab_cache_flush_t"],
      checks: [
        c(
          "cache_flush.copy_in",
          "EFAULT",
          "gnttab_cache_flush",
          "An op struct cannot be read. (Arm in every release, x86 until 4.20; later x86 has no such op.)",
        ),
        c(
          "cache_flush.args",
          "EINVAL",
          "_cache_flush",
          "offset is 4096 or more, length above 4096, offset + length above 4096, or op has a bit but GNTTAB_CACHE_CLEAN and GNTTAB_CACHE_INVAL (GNTTAB_CACHE_SOURCE_GREF's too, so its -EOPNOTSUPP is never reached).",
        ),
        c(
          "cache_flush.stale_ref",
          "EILSEQ",
          "_cache_flush",
          "length or op is 0 while cmd's upper bits hold a ref to resume at.",
        ),
        c(
          "cache_flush.no_map",
          "EINVAL",
          "grant_map_exists",
          "The page is another domain's and none of its grants is pinned for the caller on that frame. (A frame number that names no page the model knows reports unmodelled.)",
        ),
      ],
    },
  ],
  handlers: { do_grant_table_op, compat_grant_table_op, hvm_grant_table_op },
};
