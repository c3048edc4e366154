/** Numbers of public/grant_table.h and xen/common/grant_table.c that grant_table_op uses. */
export const HYPERVISOR_grant_table_op = 20;

export const GNTTABOP_map_grant_ref = 0;
export const GNTTABOP_unmap_grant_ref = 1;
export const GNTTABOP_setup_table = 2;
export const GNTTABOP_dump_table = 3;
export const GNTTABOP_transfer = 4;
export const GNTTABOP_copy = 5;
export const GNTTABOP_query_size = 6;
export const GNTTABOP_unmap_and_replace = 7;
export const GNTTABOP_set_version = 8;
export const GNTTABOP_get_status_frames = 9;
export const GNTTABOP_get_version = 10;
export const GNTTABOP_swap_grant_ref = 11;
export const GNTTABOP_cache_flush = 12;

/** grant_table.c: cmd's low 12 bits are the op; the rest is a continuation's opaque state. */
export const GNTTABOP_CONTINUATION_ARG_SHIFT = 12;
export const GNTTABOP_CMD_MASK = (1 << GNTTABOP_CONTINUATION_ARG_SHIFT) - 1;
/** grant_table.c: gnttab_unmap_grant_ref works in batches of this many. */
export const GNTTAB_UNMAP_BATCH_SIZE = 32;

/** GNTST_* (written into each op's status field). */
export const GNTST_okay = 0;
export const GNTST_general_error = -1;
export const GNTST_bad_domain = -2;
export const GNTST_bad_gntref = -3;
export const GNTST_bad_handle = -4;
export const GNTST_bad_virt_addr = -5;
export const GNTST_bad_dev_addr = -6;
export const GNTST_no_device_space = -7;
export const GNTST_permission_denied = -8;
export const GNTST_bad_page = -9;
export const GNTST_bad_copy_arg = -10;
export const GNTST_address_too_big = -11;
export const GNTST_eagain = -12;
export const GNTST_no_space = -13;

/** Names by value, for traces. */
export const GNTST_NAMES: Readonly<Record<number, string>> = {
  [GNTST_okay]: "GNTST_okay",
  [GNTST_general_error]: "GNTST_general_error",
  [GNTST_bad_domain]: "GNTST_bad_domain",
  [GNTST_bad_gntref]: "GNTST_bad_gntref",
  [GNTST_bad_handle]: "GNTST_bad_handle",
  [GNTST_bad_virt_addr]: "GNTST_bad_virt_addr",
  [GNTST_bad_dev_addr]: "GNTST_bad_dev_addr",
  [GNTST_no_device_space]: "GNTST_no_device_space",
  [GNTST_permission_denied]: "GNTST_permission_denied",
  [GNTST_bad_page]: "GNTST_bad_page",
  [GNTST_bad_copy_arg]: "GNTST_bad_copy_arg",
  [GNTST_address_too_big]: "GNTST_address_too_big",
  [GNTST_eagain]: "GNTST_eagain",
  [GNTST_no_space]: "GNTST_no_space",
};

/** GNTMAP_* flags of a map request. */
export const GNTMAP_device_map = 1 << 0;
export const GNTMAP_host_map = 1 << 1;
export const GNTMAP_readonly = 1 << 2;
export const GNTMAP_application_map = 1 << 3;
export const GNTMAP_contains_pte = 1 << 4;

/** GTF_* bits of a grant entry's flags. */
export const GTF_invalid = 0;
export const GTF_permit_access = 1;
export const GTF_accept_transfer = 2;
export const GTF_transitive = 3;
export const GTF_type_mask = 3;
export const GTF_readonly = 1 << 2;
export const GTF_reading = 1 << 3;
export const GTF_writing = 1 << 4;
export const GTF_PWT = 1 << 5;
export const GTF_PCD = 1 << 6;
export const GTF_PAT = 1 << 7;
export const GTF_sub_page = 1 << 8;

/** The first entries a toolstack may use, kept across a version change. */
export const GNTTAB_NR_RESERVED_ENTRIES = 8;

/** struct active_grant_entry's pin counts (grant_table.c GNTPIN_*). */
export const GNTPIN_hstw_inc = 1 << 0;
export const GNTPIN_hstr_inc = 1 << 8;
export const GNTPIN_devw_inc = 1 << 16;
export const GNTPIN_devr_inc = 0x1000000;
export const GNTPIN_hstw_mask = 0xff;
export const GNTPIN_hstr_mask = 0xff << 8;
export const GNTPIN_devw_mask = 0xff0000;
/** GNTPIN_incr2oflow_mask(x): the top bit of each counter x increments. */
export function gntpinIncr2oflowMask(x: number): number {
  return x * (1 << 7);
}
export const GNTPIN_devr_mask = 0xff000000;

/** GNTCOPY_* flags of a copy op. */
export const GNTCOPY_source_gref = 1 << 0;
export const GNTCOPY_dest_gref = 1 << 1;

/** public/memory.h XENMAPIDX_grant_table_status: idx's bit for a v2 status frame. */
export const XENMAPIDX_grant_table_status = 0x80000000;

/** struct grant_mapping is 16 bytes: MAPTRACK_PER_PAGE handles per maptrack frame. */
export const MAPTRACK_PER_PAGE = 4096 / 16;
