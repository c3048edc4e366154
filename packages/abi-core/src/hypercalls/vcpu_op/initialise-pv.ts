/**
 * VCPUOP_initialise for a PV vCPU: arch_set_info_guest (xen/arch/x86/domain.c) for a vCPU
 * not yet initialised, on a vcpu_guest_context_t already copied in (the compat layout for a
 * 32-bit PV guest, whose fields are 32 bits wide), then pv_set_gdt
 * (xen/arch/x86/pv/descriptor-tables.c) and the CR3 page.
 *
 * The machine has no PV page tables and no page types: a GDT frame or a CR3 frame that is not
 * the domain's fails as in Xen (-EINVAL), but typing one as a descriptor page or a root page
 * table (get_page_and_type, get_page_type_preemptible) validates its contents, which the
 * machine cannot do: the call then reports `unmodelled` rather than guess. PV frames are the
 * machine's identity view of the guest's memory (frame n is the guest's frame n).
 */
import type { Domain } from "../../machine/domain.js";
import { EINVAL } from "../../machine/errno.js";
import type { FieldsOutput } from "../../machine/structio.js";
import { failCheck, type TraceSink } from "../../machine/trace.js";
import { isCanonical } from "./initialise-hvm.js";

const ID = "vcpu_op.initialise";

/** public/arch-x86/xen.h VGCF_in_kernel. */
export const VGCF_in_kernel = 1n << 2n;
export const VGCF_online = 1n << 5n;
/** FIRST_RESERVED_GDT_ENTRY: FIRST_RESERVED_GDT_PAGE (14) pages of 512 descriptors. */
const FIRST_RESERVED_GDT_ENTRY = 14 * 512;
/** ARRAY_SIZE(v->arch.pv.gdt_frames). */
const GDT_FRAMES = 16;
/** __HYPERVISOR_VIRT_END of public/arch-x86/xen-x86_64.h. */
const HYPERVISOR_VIRT_END = 0xffff_8800_0000_0000n;
const X86_EFLAGS_VM = 0x20000n;
const M64 = (1n << 64n) - 1n;

/** __addr_ok: the lower half of the 48-bit space, or above Xen's area. */
function addrOk(a: bigint): boolean {
  return a < 1n << 47n || a >= HYPERVISOR_VIRT_END;
}

/** What arch_set_info_guest asks of the model: -errno, 0, or "unmodelled" with why. */
export type PvInitOutcome = number | { readonly unmodelled: string };

/**
 * The checks of arch_set_info_guest for VCPUOP_initialise, in Xen's order for release
 * `minor`, then pv_set_gdt's and the CR3 frame's. Never returns 0: a context that passes
 * every check reaches page typing, which the machine does not model.
 */
export function archSetInfoPvGuest(
  trace: TraceSink,
  d: Domain,
  c: FieldsOutput,
  minor: number,
): PvInitOutcome {
  const compat = d.mode === "pv32";
  const u = (f: string): bigint => c[f] as bigint;
  const regs = c.user_regs as FieldsOutput;
  const dr = c.debugreg as readonly bigint[];
  const flags = u("flags");
  if (minor >= 18) {
    // Before 4.18 set_debugreg took the values later without failing the call.
    if (!compat && (dr[6]! >> 32n !== 0n || dr[7]! >> 32n !== 0n))
      return failCheck(trace, `${ID}.pv_debugreg_width`, EINVAL);
    for (let i = 0; i < 4; i++)
      if (!addrOk(dr[i]!)) return failCheck(trace, `${ID}.pv_breakpoint`, EINVAL, "debugreg", i);
  }
  if (!compat) {
    const ldtEnts = u("ldt_ents");
    const canon: [string, bigint][] = [
      ["user_regs.rip", regs.rip as bigint],
      ["user_regs.rsp", regs.rsp as bigint],
      ["kernel_sp", u("kernel_sp")],
      ...(ldtEnts !== 0n ? [["ldt_base", u("ldt_base")] as [string, bigint]] : []),
      ["fs_base", u("fs_base")],
      ["gs_base_kernel", u("gs_base_kernel")],
      ["gs_base_user", u("gs_base_user")],
      ["event_callback_eip", u("event_callback_eip")],
      ["syscall_callback_eip", u("syscall_callback_eip")],
      ["failsafe_callback_eip", u("failsafe_callback_eip")],
    ];
    const bad = canon.find(([, a]) => !isCanonical(a));
    if (bad !== undefined) return failCheck(trace, `${ID}.pv_canonical`, EINVAL, bad[0]);
    const traps = c.trap_ctxt as readonly FieldsOutput[];
    const t = traps.findIndex((e) => !isCanonical(e.address as bigint));
    if (t >= 0) return failCheck(trace, `${ID}.pv_trap_canonical`, EINVAL, "trap_ctxt", t);
    if (!addrOk(u("ldt_base"))) return failCheck(trace, `${ID}.pv_ldt_addr`, EINVAL);
  } else if (minor >= 22 && ((regs.eflags as bigint) & X86_EFLAGS_VM) !== 0n) {
    return failCheck(trace, `${ID}.pv32_eflags_vm`, EINVAL);
  }
  if ((u("ldt_base") & 0xfffn) !== 0n || u("ldt_ents") > 8192n)
    return failCheck(trace, `${ID}.pv_ldt`, EINVAL);
  // VCPUOP_initialise never reaches vCPU 0's vm_assist check: vCPU 0 is initialised.
  const gdtEnts = u("gdt_ents");
  if (minor >= 14) {
    // DIV_ROUND_UP in (compat_)unsigned long, kept in an unsigned int: both may wrap.
    const width = compat ? 0xffff_ffffn : M64;
    const frames = (((gdtEnts + 511n) & width) / 512n) & 0xffff_ffffn;
    if (frames > BigInt(GDT_FRAMES))
      return failCheck(trace, `${ID}.pv_gdt_frames`, EINVAL, "gdt_ents", Number(gdtEnts));
  }
  if (!compat && (flags & VGCF_in_kernel) === 0n && (c.ctrlreg as readonly bigint[])[1] === 0n)
    return failCheck(trace, `${ID}.pv_user_cr1`, EINVAL);
  // pv_set_gdt(v, frames, unsigned int entries).
  const entries = Number(gdtEnts & 0xffff_ffffn);
  if (entries > FIRST_RESERVED_GDT_ENTRY)
    return failCheck(trace, `${ID}.pv_gdt_entries`, EINVAL, "gdt_ents", entries);
  const gdtFrames = c.gdt_frames as readonly bigint[];
  const nrFrames = Math.ceil(entries / 512);
  for (let i = 0; i < nrFrames; i++) {
    const f = gdtFrames[i]!;
    if (f >= BigInt(d.memory.nrFrames) || !d.memory.hasFrame(Number(f)))
      return failCheck(trace, `${ID}.pv_gdt_frame`, EINVAL, "gdt_frames", i);
  }
  if (nrFrames > 0)
    return { unmodelled: "vcpu_op/VCPUOP_initialise(PV GDT frames: descriptor page types)" };
  // CR3: xen_cr3_to_pfn, or compat_cr3_to_pfn's rotation of a 32-bit cr3.
  const cr3 = (c.ctrlreg as readonly bigint[])[3]!;
  const pfn = compat ? ((cr3 >> 12n) | (cr3 << 20n)) & 0xffff_ffffn : cr3 >> 12n;
  if (pfn >= BigInt(d.memory.nrFrames) || !d.memory.hasFrame(Number(pfn)))
    return failCheck(trace, `${ID}.pv_cr3`, EINVAL, "ctrlreg[3]");
  return { unmodelled: "vcpu_op/VCPUOP_initialise(PV page tables: CR3 page type)" };
}
