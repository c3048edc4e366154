/**
 * Structs of public/memory.h: the arguments of memory_op's sub-ops. Checked against
 * xen-project/xen RELEASE-4.22.0. Unions are written as one member of their size (as
 * xen_add_to_physmap_batch_t's u, xen_vnuma_topology_info_t's handles). Left out: the toolstack-only structs
 * (`#if defined(__XEN__) || defined(__XEN_TOOLS__)`: paging, access, sharing, reserved device memory).
 */
import { f, type StructDef } from "./define.js";

const MEMORY = "public/memory.h";

export const MEMORY_STRUCTS: readonly StructDef[] = [
  {
    name: "xen_memory_reservation_t",
    tag: "xen_memory_reservation",
    header: MEMORY,
    xlat: "translate",
    summary: "Argument of XENMEM_increase_reservation, decrease_reservation and populate_physmap.",
    fields: [
      f(
        "extent_start",
        "XEN_GUEST_HANDLE(xen_pfn_t)",
        "Guest array of extent base frames: in for decrease/populate, out for increase.",
      ),
      f("nr_extents", "xen_ulong_t", "Number of extents in extent_start."),
      f("extent_order", "unsigned int", "Each extent is 2^extent_order pages."),
      f(
        "mem_flags",
        "unsigned int",
        "XENMEMF_* flags: address bits, NUMA node, populate-on-demand.",
      ),
      f("domid", "domid_t", "Domain whose memory changes; DOMID_SELF unless privileged."),
    ],
  },
  {
    name: "xen_memory_exchange_t",
    tag: "xen_memory_exchange",
    header: MEMORY,
    xlat: "translate",
    summary: "Argument of XENMEM_exchange: give back some extents, get others in their place.",
    fields: [
      f("in", "struct xen_memory_reservation", "Extents given up (GMFN bases)."),
      f("out", "struct xen_memory_reservation", "Extents wanted; Xen writes their GMFN bases."),
      f("nr_exchanged", "xen_ulong_t", "Out: input extents exchanged so far; must start at 0."),
    ],
  },
  {
    name: "xen_memory_domain",
    header: MEMORY,
    since: "4.16",
    summary:
      "Argument of XENMEM_current_reservation, maximum_reservation and maximum_gpfn (struct only, no typedef).",
    fields: [f("domid", "domid_t", "Domain being asked about.")],
  },
  {
    name: "xen_machphys_mfn_list_t",
    tag: "xen_machphys_mfn_list",
    header: MEMORY,
    summary: "Argument of XENMEM_machphys_mfn_list: the frames of the M2P table (x86 PV).",
    fields: [
      f("max_extents", "unsigned int", "Size of the extent_start array."),
      f("extent_start", "XEN_GUEST_HANDLE(xen_pfn_t)", "Out: MFN of each 2 MiB piece of the M2P."),
      f("nr_extents", "unsigned int", "Out: entries written."),
    ],
  },
  {
    name: "xen_machphys_mapping_t",
    tag: "xen_machphys_mapping",
    header: MEMORY,
    summary: "XENMEM_machphys_mapping result: where the read-only M2P table is mapped (x86 PV).",
    fields: [
      f("v_start", "xen_ulong_t", "First virtual address of the mapping."),
      f("v_end", "xen_ulong_t", "End of the mapping."),
      f("max_mfn", "xen_ulong_t", "Largest MFN the table covers."),
    ],
  },
  {
    name: "xen_add_to_physmap_t",
    tag: "xen_add_to_physmap",
    header: MEMORY,
    xlat: "translate",
    summary: "Argument of XENMEM_add_to_physmap: map a Xen-provided page into the physmap.",
    fields: [
      f("domid", "domid_t", "Domain whose physmap changes."),
      f("size", "uint16_t", "Number of pages, for XENMAPSPACE_gmfn_range."),
      f("space", "unsigned int", "XENMAPSPACE_* the page comes from."),
      f(
        "idx",
        "xen_ulong_t",
        "Index within space (XENMAPIDX_grant_table_status for status frames).",
      ),
      f("gpfn", "xen_pfn_t", "Guest frame where the page appears."),
    ],
  },
  {
    name: "xen_add_to_physmap_batch_t",
    tag: "xen_add_to_physmap_batch",
    header: MEMORY,
    xlat: "translate",
    summary:
      "Argument of XENMEM_add_to_physmap_batch: map size pages of a space, one error code each.",
    fields: [
      f("domid", "domid_t", "Domain whose physmap changes."),
      f("space", "uint16_t", "XENMAPSPACE_* the pages come from (not gmfn_range)."),
      f("size", "uint16_t", "Number of entries in idxs, gpfns and errs."),
      f(
        "u",
        "domid_t",
        "union xen_add_to_physmap_batch_extra { domid_t foreign_domid; uint16_t res0; }: the domain owning the frames for XENMAPSPACE_gmfn_foreign, else 0.",
      ),
      f("idxs", "XEN_GUEST_HANDLE(xen_ulong_t)", "Guest array of indexes within space."),
      f("gpfns", "XEN_GUEST_HANDLE(xen_pfn_t)", "Guest array of frames where each page appears."),
      f("errs", "XEN_GUEST_HANDLE(int)", "Out: guest array of per-entry results (0 or -errno)."),
    ],
  },
  {
    name: "xen_remove_from_physmap_t",
    tag: "xen_remove_from_physmap",
    header: MEMORY,
    xlat: "translate",
    summary: "Argument of XENMEM_remove_from_physmap: unmap a page from the physmap.",
    fields: [
      f("domid", "domid_t", "Domain whose physmap changes."),
      f("gpfn", "xen_pfn_t", "Guest frame currently mapping the page."),
    ],
  },
  {
    name: "xen_memory_map_t",
    tag: "xen_memory_map",
    header: MEMORY,
    xlat: "translate",
    summary: "Argument of XENMEM_memory_map and machine_memory_map: an E820-style table.",
    fields: [
      f("nr_entries", "unsigned int", "In: entries buffer can hold; out: entries written."),
      f("buffer", "XEN_GUEST_HANDLE(void)", "Guest buffer of E820 entries."),
    ],
  },
  {
    name: "xen_foreign_memory_map_t",
    tag: "xen_foreign_memory_map",
    header: MEMORY,
    xlat: "translate",
    summary: "Argument of XENMEM_set_memory_map: a domain's E820 table, set by the toolstack.",
    fields: [
      f("domid", "domid_t", "Domain whose table is set."),
      f("map", "struct xen_memory_map", "The table."),
    ],
  },
  {
    name: "xen_pod_target_t",
    tag: "xen_pod_target",
    header: MEMORY,
    xlat: "translate",
    summary: "Argument of XENMEM_set_pod_target and get_pod_target (populate-on-demand).",
    fields: [
      f("target_pages", "uint64_t", "In: the domain's target size in pages."),
      f("tot_pages", "uint64_t", "Out: pages the domain has."),
      f("pod_cache_pages", "uint64_t", "Out: pages in the PoD cache."),
      f("pod_entries", "uint64_t", "Out: outstanding PoD entries."),
      f("domid", "domid_t", "Domain asked about."),
    ],
  },
  {
    name: "xen_mem_acquire_resource_t",
    tag: "xen_mem_acquire_resource",
    header: MEMORY,
    xlat: "translate",
    summary:
      "Argument of XENMEM_acquire_resource: map frames of a domain's resource (frame was uint64_aligned_t before 4.14).",
    fields: [
      f("domid", "domid_t", "Domain owning the resource."),
      f("type", "uint16_t", "XENMEM_resource_* type."),
      f("id", "uint32_t", "Which resource of that type (ioreq server id, grant table part)."),
      f(
        "nr_frames",
        "uint32_t",
        "In: frames to map; with 0 and a null frame_list, out: the resource's size.",
      ),
      f("pad", "uint32_t", "Must be zero on input (named flags in 4.12)."),
      f("frame", "uint64_t", "First frame of the resource to map."),
      f("frame_list", "XEN_GUEST_HANDLE(xen_pfn_t)", "Guest frames to map at, or out: MFNs."),
    ],
  },
  {
    name: "xen_vmemrange_t",
    tag: "xen_vmemrange",
    header: MEMORY,
    xlat: "check",
    summary: "One virtual NUMA memory range of XENMEM_get_vnumainfo.",
    fields: [
      f("start", "uint64_t", "First guest physical address of the range."),
      f("end", "uint64_t", "End of the range."),
      f("flags", "unsigned int", "Unused; zero."),
      f("nid", "unsigned int", "Virtual node the range belongs to."),
    ],
  },
  {
    name: "xen_vnuma_topology_info_t",
    tag: "xen_vnuma_topology_info",
    header: MEMORY,
    summary:
      "Argument of XENMEM_get_vnumainfo: a domain's virtual NUMA layout. Each array handle is a union with a uint64_t pad, so every ABI has the same layout (xlat.lst still translates it: '!').",
    fields: [
      f("domid", "domid_t", "Domain asked about."),
      f("pad", "uint16_t", "Must be zero."),
      f(
        "nr_vnodes",
        "unsigned int",
        "In: entries vdistance has room for (squared); out: the domain's.",
      ),
      f("nr_vcpus", "unsigned int", "In: entries vcpu_to_vnode has room for; out: the domain's."),
      f("nr_vmemranges", "unsigned int", "In: entries vmemrange has room for; out: the domain's."),
      f(
        "vdistance",
        "uint64_t",
        "union { XEN_GUEST_HANDLE(uint) h; uint64_t pad; }: out, the distance table.",
      ),
      f(
        "vcpu_to_vnode",
        "uint64_t",
        "union { XEN_GUEST_HANDLE(uint) h; uint64_t pad; }: out, each vCPU's node.",
      ),
      f(
        "vmemrange",
        "uint64_t",
        "union { XEN_GUEST_HANDLE(xen_vmemrange_t) h; uint64_t pad; }: out, the memory ranges.",
      ),
    ],
  },
];
