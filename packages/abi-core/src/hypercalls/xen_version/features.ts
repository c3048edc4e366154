/**
 * The two XENVER_ sub-ops whose answer depends on the domain and the build rather than on
 * strings: platform_parameters and get_features (xen/common/kernel.c: do_xen_version).
 */
import type { HypercallCall } from "../../machine/call.js";
import { releaseMinor } from "../../machine/release.js";
import { isPvDomain } from "../../machine/domain.js";

/** XENFEAT_* bit numbers (public/features.h). */
export const XENFEAT_writable_page_tables = 0;
export const XENFEAT_auto_translated_physmap = 2;
export const XENFEAT_mmu_pt_update_preserve_ad = 5;
export const XENFEAT_highmem_assist = 6;
export const XENFEAT_gnttab_map_avail_bits = 7;
export const XENFEAT_hvm_callback_vector = 8;
export const XENFEAT_hvm_safe_pvclock = 9;
export const XENFEAT_hvm_pirqs = 10;
export const XENFEAT_dom0 = 11;
export const XENFEAT_memory_op_vnode_supported = 13;
export const XENFEAT_ARM_SMCCC_supported = 14;
export const XENFEAT_not_direct_mapped = 16;
export const XENFEAT_direct_mapped = 17;
export const XENFEAT_runstate_phys_area = 18;
export const XENFEAT_vcpu_time_phys_area = 19;
export const XENFEAT_dm_msix_all_writes = 20;

/**
 * Submap 0 as do_xen_version's XENVER_get_features builds it for the calling domain, per
 * release: runstate/vcpu_time_phys_area from 4.18, direct_mapped/not_direct_mapped from 4.16,
 * dm_msix_all_writes from 4.19. An Arm domain and an x86 HVM domain are translated; Arm's
 * hardware domain is direct-mapped (domain_build.c create_dom0); an x86 HVM domU created by
 * the toolstack has pirqs (has_pirq). VM_ASSIST pae_extended_cr3 is off (no vm_assist call).
 */
export function featureSubmap0(call: HypercallCall): number {
  const minor = releaseMinor(call.xen.release);
  const d = call.domain;
  const arm = d.info.family === "arm";
  const pv = isPvDomain(d);
  const translate = !pv;
  const hwdom = d.id === 0;
  const bit = (n: number) => 2 ** n;
  let m = bit(XENFEAT_memory_op_vnode_supported);
  if (minor >= 18) {
    m += bit(XENFEAT_runstate_phys_area);
    if (!arm) m += bit(XENFEAT_vcpu_time_phys_area);
  }
  if (translate) m += bit(XENFEAT_writable_page_tables) + bit(XENFEAT_auto_translated_physmap);
  if (hwdom) m += bit(XENFEAT_dom0);
  if (arm) m += bit(XENFEAT_ARM_SMCCC_supported);
  else {
    if (pv)
      m +=
        bit(XENFEAT_mmu_pt_update_preserve_ad) +
        bit(XENFEAT_highmem_assist) +
        bit(XENFEAT_gnttab_map_avail_bits);
    else
      m +=
        bit(XENFEAT_hvm_safe_pvclock) + bit(XENFEAT_hvm_callback_vector) + bit(XENFEAT_hvm_pirqs);
    if (minor >= 19) m += bit(XENFEAT_dm_msix_all_writes);
  }
  if (minor >= 16) {
    const directMapped = !translate || (arm && hwdom);
    m += bit(directMapped ? XENFEAT_direct_mapped : XENFEAT_not_direct_mapped);
  }
  return m;
}

/** HYPERVISOR_VIRT_START: Arm's XEN_VIRT_START until 4.17 (asm-arm/config.h), x86's PML4_ADDR(256). */
const ARM_VIRT_START = 0x200000;
const X86_VIRT_START = 0xffff800000000000n;
/** __HYPERVISOR_COMPAT_VIRT_START (x86 asm/config.h): a 32-bit PV domain's hv_compat_vstart. */
export const X86_COMPAT_VIRT_START = 0xf5800000;

/**
 * virt_start of xen_platform_parameters_t (4.12-4.17: HYPERVISOR_VIRT_START, through
 * compat/kernel.c's HYPERVISOR_COMPAT_VIRT_START(d) for 32-bit x86 guests; from 4.18 only a
 * PV guest gets a value, and a 64-bit one only in a release build). Also its size: 4 for a
 * compat guest, 8 otherwise (xen_ulong_t).
 */
export function platformVirtStart(call: HypercallCall): { value: bigint; bytes: 4 | 8 } {
  const d = call.domain;
  const minor = releaseMinor(call.xen.release);
  const pv = isPvDomain(d);
  if (d.info.family === "arm")
    return { value: minor >= 18 ? 0n : BigInt(ARM_VIRT_START), bytes: 8 };
  if (d.info.bits === 32) return { value: pv ? BigInt(X86_COMPAT_VIRT_START) : 0n, bytes: 4 };
  if (minor < 18) return { value: X86_VIRT_START, bytes: 8 };
  return { value: pv && !call.xen.debug ? X86_VIRT_START : 0n, bytes: 8 };
}
