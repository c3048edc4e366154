/**
 * Structs of public/xen.h that Xen keeps in pages the guest maps: shared_info and vcpu_info,
 * with the arch parts from public/arch-arm.h and public/arch-x86/xen{,-x86_32,-x86_64}.h.
 * Checked against xen-project/xen RELEASE-4.22.0 (and back to RELEASE-4.12.0).
 *
 * The two architectures declare them differently, so members carry `targets`: Arm has one
 * legacy vcpu_info and empty arch parts, x86 has 32 and its own; a 32-bit x86 guest sees the
 * compat layout (xen_ulong_t of 32 bits, so 32 evtchn_pending words and 32-bit selectors).
 */
import type { CTarget } from "../../abi/modes.js";
import { f, type StructDef } from "./define.js";

const XEN = "public/xen.h";
const ARM: readonly CTarget[] = ["aarch64", "armv7"];
const X86: readonly CTarget[] = ["x86_64", "i386"];

export const SHARED_STRUCTS: readonly StructDef[] = [
  {
    name: "vcpu_time_info_t",
    tag: "vcpu_time_info",
    header: XEN,
    xlat: "check",
    summary: "Per-vCPU system time Xen publishes in vcpu_info (32 bytes).",
    fields: [
      f("version", "uint32_t", "Odd while Xen updates the fields."),
      f("pad0", "uint32_t", "Unused."),
      f("tsc_timestamp", "uint64_t", "TSC at the last update."),
      f("system_time", "uint64_t", "Nanoseconds since boot at tsc_timestamp."),
      f("tsc_to_system_mul", "uint32_t", "TSC to ns multiplier (32.32 fixed point)."),
      f("tsc_shift", "int8_t", "TSC shift applied before the multiply."),
      f("flags", "uint8_t", "XEN_PVCLOCK_* flags."),
      f("pad1", "uint8_t", "Unused.", { count: 2 }),
    ],
  },
  {
    name: "arch_vcpu_info_t",
    tag: "arch_vcpu_info",
    header: "public/arch-x86/xen-x86_64.h",
    summary: "The arch part of vcpu_info: cr2 and padding on x86, empty on Arm.",
    fields: [
      f("cr2", "unsigned long", "x86: faulting address of the last page fault (PV).", {
        targets: X86,
      }),
      f("pad", "unsigned long", "Pads vcpu_info to 64 bytes.", { targets: ["x86_64"] }),
      f("pad", "unsigned long", "Pads vcpu_info to 64 bytes.", { count: 5, targets: ["i386"] }),
    ],
  },
  {
    name: "vcpu_info_t",
    tag: "vcpu_info",
    header: XEN,
    summary: "Per-vCPU event and time state: the upcall-pending flag, the pending selector, time.",
    fields: [
      f("evtchn_upcall_pending", "uint8_t", "Xen sets it to 1 when an event becomes pending."),
      f("evtchn_upcall_mask", "uint8_t", "x86 (XEN_HAVE_PV_UPCALL_MASK): masks upcalls.", {
        targets: X86,
      }),
      f("pad0", "uint8_t", "Arm: unused.", { targets: ARM }),
      f("evtchn_pending_sel", "xen_ulong_t", "Bit i: word i of evtchn_pending has a port set."),
      f("arch", "arch_vcpu_info_t", "Arch-specific part."),
      f("time", "vcpu_time_info_t", "System time."),
    ],
  },
  {
    name: "arch_shared_info_t",
    tag: "arch_shared_info",
    header: "public/arch-x86/xen.h",
    summary: "The arch part of shared_info: the PV p2m description on x86, empty on Arm.",
    fields: [
      f("max_pfn", "unsigned long", "PV: number of pfns in the p2m.", { targets: X86 }),
      f("pfn_to_mfn_frame_list_list", "xen_pfn_t", "PV: the p2m frame list list.", {
        targets: X86,
      }),
      f("nmi_reason", "unsigned long", "PV: reason of the last NMI.", { targets: X86 }),
      f("p2m_cr3", "unsigned long", "PV: root of the linear p2m's address space.", {
        targets: X86,
      }),
      f("p2m_vaddr", "unsigned long", "PV: address of the linear p2m list.", { targets: X86 }),
      f("p2m_generation", "unsigned long", "PV: p2m update counter.", { targets: X86 }),
      f("wc_sec_hi", "uint32_t", "32-bit x86: top 32 bits of the wallclock seconds.", {
        targets: ["i386"],
      }),
    ],
  },
  {
    name: "shared_info_t",
    tag: "shared_info",
    header: XEN,
    summary:
      "The page Xen shares with a domain: legacy vcpu_infos, the 2-level event channel pending and mask bitmaps, wallclock time.",
    fields: [
      f("vcpu_info", "vcpu_info_t", "vcpu_info of vCPUs 0-31 (x86 XEN_LEGACY_MAX_VCPUS).", {
        count: 32,
        targets: X86,
      }),
      f("vcpu_info", "vcpu_info_t", "vcpu_info of vCPU 0 (Arm XEN_LEGACY_MAX_VCPUS).", {
        count: 1,
        targets: ARM,
      }),
      f("evtchn_pending", "xen_ulong_t", "2-level ABI: bit p set while port p is pending.", {
        count: 64,
        targets: ["aarch64", "armv7", "x86_64"],
      }),
      f("evtchn_pending", "xen_ulong_t", "2-level ABI: bit p set while port p is pending.", {
        count: 32,
        targets: ["i386"],
      }),
      f("evtchn_mask", "xen_ulong_t", "2-level ABI: bit p set while port p is masked.", {
        count: 64,
        targets: ["aarch64", "armv7", "x86_64"],
      }),
      f("evtchn_mask", "xen_ulong_t", "2-level ABI: bit p set while port p is masked.", {
        count: 32,
        targets: ["i386"],
      }),
      f("wc_version", "uint32_t", "Wallclock version counter."),
      f("wc_sec", "uint32_t", "Wallclock seconds at system time 0."),
      f("wc_nsec", "uint32_t", "Wallclock nanoseconds."),
      f("wc_sec_hi", "uint32_t", "Top 32 bits of wc_sec (in arch on 32-bit x86).", {
        targets: ["aarch64", "armv7", "x86_64"],
      }),
      f("arch", "arch_shared_info_t", "Arch-specific part."),
    ],
  },
];
