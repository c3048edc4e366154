/**
 * VCPUOP_initialise for a PV vCPU: arch_set_info_guest (xen/arch/x86/domain.c) for a vCPU
 * not yet initialised, on a vcpu_guest_context_t already copied in (the compat layout for a
 * 32-bit PV guest, whose fields are 32 bits wide): its checks here, then the GDT frames and the
 * root page tables typed (pv-guest-tables.ts), then the registers and is_initialised.
 *
 * PV frames are the machine's identity view of the guest's memory (frame n is the guest's
 * frame n), each with its page type info (machine/page-type.ts). A call the machine answers
 * `unmodelled` (page-type.ts says when) changes nothing: what it typed and wrote on the way is
 * undone. Xen copies the registers in before typing anything; the machine sets
 * them only once the call succeeds (a vCPU not initialised runs nothing, so no guest sees them).
 */
import type { Domain, Vcpu } from "../../machine/domain.js";
import { EINVAL } from "../../machine/errno.js";
import type { FieldsOutput } from "../../machine/structio.js";
import { failCheck, type TraceSink } from "../../machine/trace.js";
import { isCanonical } from "./initialise-hvm.js";
import { PtUnmodelled } from "./page-type.js";
import { setGuestTables } from "./pv-guest-tables.js";
import { ptContext } from "./pv-validate.js";

const ID = "vcpu_op.initialise";

/** public/arch-x86/xen.h VGCF_in_kernel. */
export const VGCF_in_kernel = 1n << 2n;
export const VGCF_online = 1n << 5n;
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

/** What arch_set_info_guest asks of the model: -errno, 0, -ERESTART, or "unmodelled" with why. */
export type PvInitOutcome = number | { readonly unmodelled: string };

/** X86_EFLAGS_IF, X86_EFLAGS_IOPL, X86_EFLAGS_ALL, X86_EFLAGS_MBS (xen/arch/x86/include/asm/x86-defns.h). */
const X86_EFLAGS_IF = 0x200n;
const X86_EFLAGS_IOPL = 0x3000n;
const X86_EFLAGS_ALL = 0x3f7fd5n;
const X86_EFLAGS_MBS = 0x2n;
/** The register file's x86 slots (abi/modes.ts): rax rbx rcx rdx rsi rdi rbp rsp r8-r15, rip. */
const GPRS = ["ax", "bx", "cx", "dx", "si", "di", "bp", "sp"] as const;

/**
 * v->arch.user_regs from the context: the general registers and rip; the flags with (4.22)
 * only architectural bits, bit 1 set and (64-bit) VM clear, IOPL taken out (virtualised) and
 * IF set.
 */
function setUserRegs(v: Vcpu, regs: FieldsOutput, compat: boolean, minor: number): void {
  v.regs.clear();
  const p = compat ? "e" : "r";
  GPRS.forEach((n, i) => v.regs.set64(i, regs[`${p}${n}`] as bigint));
  if (!compat) for (let i = 8; i < 16; i++) v.regs.set64(i, regs[`r${i}`] as bigint);
  v.regs.set64(16, regs[`${p}ip`] as bigint);
  let f = regs[compat ? "eflags" : "rflags"] as bigint;
  if (minor >= 22) {
    if (!compat) f &= ~X86_EFLAGS_VM;
    f = (f & X86_EFLAGS_ALL) | X86_EFLAGS_MBS;
  }
  f = (f & ~X86_EFLAGS_IOPL) | X86_EFLAGS_IF;
  v.cpsr = Number(f & 0xffff_ffffn);
}

/**
 * arch_set_info_guest for VCPUOP_initialise of `v`, called by `caller`: its checks in Xen's
 * order for release `minor`, then the GDT and page tables; 0 with `v` initialised (up if the
 * context's flags say VGCF_online), or -errno.
 */
export function archSetInfoPvGuest(
  trace: TraceSink,
  d: Domain,
  v: Vcpu,
  caller: Vcpu,
  c: FieldsOutput,
  minor: number,
  machine: { preempt: () => boolean; tick: () => void; debug: boolean } = {
    preempt: () => false,
    tick: () => {},
    debug: false,
  },
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
  // VCPUOP_initialise never reaches vCPU 0's wall clock update: vCPU 0 is initialised.
  const nrFrames = Math.ceil(Number(gdtEnts & 0xffff_ffffn) / 512);
  const gdtFrames = (c.gdt_frames as readonly bigint[]).slice(0, Math.min(nrFrames, GDT_FRAMES));
  const cr3 = (c.ctrlreg as readonly bigint[])[3]!;
  // xen_cr3_to_pfn, or compat_cr3_to_pfn's rotation of a 32-bit cr3.
  const pfn = compat ? ((cr3 >> 12n) | (cr3 << 20n)) & 0xffff_ffffn : cr3 >> 12n;
  const cr1 = compat ? 0n : (c.ctrlreg as readonly bigint[])[1]!;
  const call = { trace, d, current: caller, minor, ...machine };
  const { ctx, undo } = ptContext(call, [v, caller]);
  let out: number;
  try {
    out = setGuestTables(ctx, v, { gdtEnts, gdtFrames, pfn, cr1, compat });
  } catch (e) {
    if (!(e instanceof PtUnmodelled)) throw e;
    undo();
    return { unmodelled: e.reason };
  }
  if (out !== 0) return out;
  setUserRegs(v, regs, compat, minor);
  v.initialised = true;
  v.online = (flags & VGCF_online) !== 0n;
  return 0;
}
