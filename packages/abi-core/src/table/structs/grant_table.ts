/**
 * Structs of public/grant_table.h: grant entries and the arguments of grant_table_op's sub-ops
 * (each sub-op takes an array of count of them). Checked against xen-project/xen RELEASE-4.22.0.
 * Left out, as it holds unions: grant_entry_v2_t. gnttab_copy_ptr's union of a grant_ref_t and
 * a xen_pfn_t is its one member `u`, laid out as the xen_pfn_t, and gnttab_cache_flush_t's
 * union `a` of a uint64_t and a grant_ref_t as the uint64_t (same size and alignment in every
 * ABI; clang's fixtures hold the real unions).
 */
import { f, type StructDef } from "./define.js";

const GNTTAB = "public/grant_table.h";

export const GRANT_TABLE_STRUCTS: readonly StructDef[] = [
  {
    name: "grant_entry_v1_t",
    tag: "grant_entry_v1",
    header: GNTTAB,
    xlat: "check",
    summary: "One entry of a version 1 grant table, in the granting domain's shared frames.",
    fields: [
      f("flags", "uint16_t", "GTF_* type and state bits."),
      f("domid", "domid_t", "Domain being granted access."),
      f("frame", "uint32_t", "Frame granted (or, for a transfer, the frame received)."),
    ],
  },
  {
    name: "grant_entry_header_t",
    tag: "grant_entry_header",
    header: GNTTAB,
    xlat: "check",
    summary: "Common first part of every version 2 grant entry.",
    fields: [
      f("flags", "uint16_t", "GTF_* type and state bits."),
      f("domid", "domid_t", "Domain being granted access."),
    ],
  },
  {
    name: "gnttab_map_grant_ref_t",
    tag: "gnttab_map_grant_ref",
    header: GNTTAB,
    xlat: "check",
    summary: "One GNTTABOP_map_grant_ref request: map a granted frame.",
    fields: [
      f("host_addr", "uint64_t", "Where to map it (address or PTE, per flags)."),
      f("flags", "uint32_t", "GNTMAP_* flags."),
      f("ref", "grant_ref_t", "Grant reference in the granting domain's table."),
      f("dom", "domid_t", "Granting domain."),
      f("status", "int16_t", "Out: GNTST_* result."),
      f("handle", "grant_handle_t", "Out: handle for unmapping."),
      f("dev_bus_addr", "uint64_t", "Out: bus address for device access."),
    ],
  },
  {
    name: "gnttab_unmap_grant_ref_t",
    tag: "gnttab_unmap_grant_ref",
    header: GNTTAB,
    xlat: "check",
    summary: "One GNTTABOP_unmap_grant_ref request: undo a mapping.",
    fields: [
      f("host_addr", "uint64_t", "Address the frame was mapped at, or 0."),
      f("dev_bus_addr", "uint64_t", "Bus address of a device mapping, or 0."),
      f("handle", "grant_handle_t", "Handle map_grant_ref returned."),
      f("status", "int16_t", "Out: GNTST_* result."),
    ],
  },
  {
    name: "gnttab_setup_table_t",
    tag: "gnttab_setup_table",
    header: GNTTAB,
    xlat: "translate",
    summary: "GNTTABOP_setup_table argument: size a domain's grant table and list its frames.",
    fields: [
      f("dom", "domid_t", "Domain whose table is set up; DOMID_SELF unless privileged."),
      f("nr_frames", "uint32_t", "Number of grant-table frames wanted."),
      f("status", "int16_t", "Out: GNTST_* result."),
      f("frame_list", "XEN_GUEST_HANDLE(xen_pfn_t)", "Out: the frames of the table."),
    ],
  },
  {
    name: "gnttab_dump_table_t",
    tag: "gnttab_dump_table",
    header: GNTTAB,
    xlat: "check",
    summary: "GNTTABOP_dump_table argument: print a domain's grant table on Xen's console.",
    fields: [
      f("dom", "domid_t", "Domain whose table is dumped."),
      f("status", "int16_t", "Out: GNTST_* result."),
    ],
  },
  {
    name: "gnttab_transfer_t",
    tag: "gnttab_transfer",
    header: GNTTAB,
    xlat: "translate",
    summary: "One GNTTABOP_transfer request: give a page to a domain that granted a transfer.",
    fields: [
      f("mfn", "xen_pfn_t", "Frame given away."),
      f("domid", "domid_t", "Receiving domain."),
      f("ref", "grant_ref_t", "Transfer grant in the receiver's table."),
      f("status", "int16_t", "Out: GNTST_* result."),
    ],
  },
  {
    name: "gnttab_query_size_t",
    tag: "gnttab_query_size",
    header: GNTTAB,
    xlat: "check",
    summary: "GNTTABOP_query_size argument: current and largest size of a grant table.",
    fields: [
      f("dom", "domid_t", "Domain asked about."),
      f("nr_frames", "uint32_t", "Out: frames in use."),
      f("max_nr_frames", "uint32_t", "Out: largest number of frames allowed."),
      f("status", "int16_t", "Out: GNTST_* result."),
    ],
  },
  {
    name: "gnttab_unmap_and_replace_t",
    tag: "gnttab_unmap_and_replace",
    header: GNTTAB,
    xlat: "check",
    summary: "One GNTTABOP_unmap_and_replace request: unmap a grant, moving another PTE in.",
    fields: [
      f("host_addr", "uint64_t", "Address the grant is mapped at."),
      f("new_addr", "uint64_t", "Address whose mapping is moved in to replace it."),
      f("handle", "grant_handle_t", "Handle map_grant_ref returned."),
      f("status", "int16_t", "Out: GNTST_* result."),
    ],
  },
  {
    name: "gnttab_set_version_t",
    tag: "gnttab_set_version",
    header: GNTTAB,
    xlat: "check",
    summary: "GNTTABOP_set_version argument: choose grant table version 1 or 2.",
    fields: [f("version", "uint32_t", "In: version wanted, 1 or 2; out: version in use.")],
  },
  {
    name: "gnttab_get_status_frames_t",
    tag: "gnttab_get_status_frames",
    header: GNTTAB,
    xlat: "translate",
    summary: "GNTTABOP_get_status_frames argument: the frames of a v2 table's status array.",
    fields: [
      f("nr_frames", "uint32_t", "Number of frames in frame_list."),
      f("dom", "domid_t", "Domain whose table is asked about."),
      f("status", "int16_t", "Out: GNTST_* result."),
      f("frame_list", "XEN_GUEST_HANDLE(uint64_t)", "Out: the status frames."),
    ],
  },
  {
    name: "gnttab_get_version_t",
    tag: "gnttab_get_version",
    header: GNTTAB,
    xlat: "check",
    summary: "GNTTABOP_get_version argument: the grant table version of a domain.",
    fields: [
      f("dom", "domid_t", "Domain asked about."),
      f("pad", "uint16_t", "Padding."),
      f("version", "uint32_t", "Out: 1 or 2."),
    ],
  },
  {
    name: "gnttab_copy_ptr",
    header: GNTTAB,
    summary: "One side of a GNTTABOP_copy: a grant, or a frame of the caller's own.",
    fields: [
      f(
        "u",
        "xen_pfn_t",
        "union { grant_ref_t ref; xen_pfn_t gmfn; }: the grant (GNTCOPY_*_gref) or the frame.",
      ),
      f("domid", "domid_t", "Granting domain, or DOMID_SELF for a frame of the caller's."),
      f("offset", "uint16_t", "Byte offset in the page."),
    ],
  },
  {
    name: "gnttab_copy_t",
    tag: "gnttab_copy",
    header: GNTTAB,
    xlat: "translate",
    summary: "One GNTTABOP_copy request: copy len bytes from source to dest.",
    fields: [
      f("source", "gnttab_copy_ptr", "Where to copy from."),
      f("dest", "gnttab_copy_ptr", "Where to copy to."),
      f("len", "uint16_t", "Bytes to copy; neither side may cross its page."),
      f("flags", "uint16_t", "GNTCOPY_source_gref, GNTCOPY_dest_gref."),
      f("status", "int16_t", "Out: GNTST_* result."),
    ],
  },
  {
    name: "gnttab_swap_grant_ref_t",
    tag: "gnttab_swap_grant_ref",
    header: GNTTAB,
    xlat: "check",
    summary: "One GNTTABOP_swap_grant_ref request: swap two entries of the caller's table.",
    fields: [
      f("ref_a", "grant_ref_t", "First entry."),
      f("ref_b", "grant_ref_t", "Second entry."),
      f("status", "int16_t", "Out: GNTST_* result."),
    ],
  },
  {
    name: "gnttab_cache_flush_t",
    tag: "gnttab_cache_flush",
    header: GNTTAB,
    xlat: "check",
    summary:
      "One GNTTABOP_cache_flush request: clean and/or invalidate part of a page's cache lines.",
    fields: [
      f(
        "a",
        "uint64_t",
        "union { uint64_t dev_bus_addr; grant_ref_t ref; }: the page's bus address (a grant ref with GNTTAB_CACHE_SOURCE_GREF).",
      ),
      f("offset", "uint16_t", "Offset in the page."),
      f("length", "uint16_t", "Bytes from offset."),
      f("op", "uint32_t", "GNTTAB_CACHE_CLEAN, GNTTAB_CACHE_INVAL, GNTTAB_CACHE_SOURCE_GREF."),
    ],
  },
];
