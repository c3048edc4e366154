/** Numbers of public/memory.h and xen/include/xen/hypercall.h that memory_op uses. */
export const HYPERVISOR_memory_op = 12;
export const XENMEM_increase_reservation = 0;
export const XENMEM_decrease_reservation = 1;
export const XENMEM_maximum_ram_page = 2;
export const XENMEM_current_reservation = 3;
export const XENMEM_maximum_reservation = 4;
export const XENMEM_populate_physmap = 6;
export const XENMEM_add_to_physmap = 7;
export const XENMEM_maximum_gpfn = 14;
export const XENMEM_remove_from_physmap = 15;
/** The highest XENMEM_* public/memory.h defines (XENMEM_acquire_resource, RELEASE-4.22.0). */
export const XENMEM_LAST = 28;
export const XENMAPSPACE_shared_info = 0;
export const XENMAPSPACE_grant_table = 1;
export const XENMAPSPACE_gmfn = 2;
export const XENMAPSPACE_gmfn_range = 3;
export const XENMAPSPACE_gmfn_foreign = 4;
/** xen/include/xen/hypercall.h: the sub-op's bits of cmd, and where the resume extent starts. */
export const MEMOP_EXTENT_SHIFT = 6;
export const MEMOP_CMD_MASK = (1 << MEMOP_EXTENT_SHIFT) - 1;
/** CONFIG_DOMU_MAX_ORDER's default: the largest extent order a domU may ask for. */
export const DOMU_MAX_ORDER = 9;
/** max_page: the model's host has 4 GiB of RAM (XENMEM_maximum_ram_page). */
export const MODEL_MAX_PAGE = 0x100000;
export const XENMAPSPACE_dev_mmio = 5;
export const XENMEM_memory_map = 9;
export const XENMEM_machine_memory_map = 10;
export const XENMEM_machphys_mapping = 12;
export const XENMEM_set_memory_map = 13;
export const XENMEM_add_to_physmap_batch = 23;
/** E820MAX (xen/arch/x86/include/asm/e820.h): the most entries XENMEM_set_memory_map takes. */
export const E820MAX = 1024;
/** sizeof(struct e820entry): addr, size (uint64_t) and type (uint32_t), packed. */
export const E820_ENTRY_SIZE = 20;
export const XENMEM_exchange = 11;
export const XENMEM_set_pod_target = 16;
export const XENMEM_get_pod_target = 17;
export const XENMEM_get_sharing_freed_pages = 18;
export const XENMEM_get_sharing_shared_pages = 19;
export const XENMEM_claim_pages = 24;
export const XENMEM_get_vnumainfo = 26;
export const XENMEM_machphys_mfn_list = 5;
export const XENMEM_paging_op = 20;
export const XENMEM_sharing_op = 22;
export const XENMEM_machphys_compat_mfn_list = 25;
/** public/arch-x86/xen-x86_64.h: where a 64-bit PV guest sees the read-only M2P table. */
export const MACH2PHYS_VIRT_START = 0xffff800000000000n;
export const MACH2PHYS_VIRT_END = 0xffff804000000000n;
export const XENMEM_acquire_resource = 28;
/** public/hvm/params.h: HVM_PARAM_ALTP2M (XEN_ALTP2M_disabled is 0). */
export const HVM_PARAM_ALTP2M = 35;
