/**
 * VCPUOP_initialise for an HVM vCPU: arch_set_info_hvm_guest and check_segment
 * (xen/arch/x86/hvm/domain.c), on a vcpu_hvm_context_t already copied in.
 *
 * The machine's CPU policy (what hvm_cr4_guest_valid_bits and hvm_efer_valid in
 * xen/arch/x86/hvm/hvm.c ask of it) is the original x86-64's: vme, tsc, de, pse, pae, mce,
 * pge, fxsr, sse, syscall, lm and nx, nothing later, nested virtualisation off. Paging is HAP,
 * so the shadow-mode CR3 lookup is never made. Every modelled release makes the same checks;
 * 4.22 added the flags masking (X86_EFLAGS_ALL | X86_EFLAGS_MBS).
 */
import type { Vcpu } from "../../machine/domain.js";
import { EINVAL } from "../../machine/errno.js";
import type { FieldsOutput } from "../../machine/structio.js";
import { failCheck, type TraceSink } from "../../machine/trace.js";

export const VCPU_HVM_MODE_32B = 0;
export const VCPU_HVM_MODE_64B = 1;

const ID = "vcpu_op.initialise";

/** X86_CR0_PG, X86_CR4_PAE, EFER_LME / EFER_LMA (xen/arch/x86/include/asm). */
const X86_CR0_PG = 0x8000_0000n;
const X86_CR4_PAE = 0x20n;
const EFER_SCE = 1n << 0n;
const EFER_LME = 1n << 8n;
const EFER_LMA = 1n << 10n;
const EFER_NXE = 1n << 11n;
/** hvm_cr4_guest_valid_bits on the machine's CPU: VME PVI TSD DE PSE PAE MCE PGE PCE OSFXSR OSXMMEXCPT. */
export const MODEL_CR4_VALID = 0x7ffn;
/** EFER bits hvm_efer_valid accepts on the machine's CPU (SVME needs nested virt, FFXSE and AIBRSE features it lacks). */
export const MODEL_EFER_VALID = EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE;
/** X86_EFLAGS_ALL and X86_EFLAGS_MBS (xen/arch/x86/include/asm/x86-defns.h). */
const X86_EFLAGS_ALL = 0x3f7fd5n;
const X86_EFLAGS_MBS = 0x2n;

/** x86 register slots of the machine's register file (abi/modes.ts). */
const SLOT: Readonly<Record<string, number>> = {
  ax: 0,
  bx: 1,
  cx: 2,
  dx: 3,
  si: 4,
  di: 5,
  bp: 6,
  sp: 7,
  ip: 16,
};

/** The registers both modes set, in the order Xen copies them. */
const GP = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di", "ip"] as const;

/** A struct segment_register's attr bits: type 0-3, s 4, dpl 5-6, p 7, g 11, pad 12-15. */
interface Seg {
  type: number;
  s: boolean;
  dpl: number;
  p: boolean;
  g: boolean;
  pad: number;
  attr: number;
  limit: number;
}

type SegName = "cs" | "ds" | "ss" | "es" | "tr";
const SEGS: readonly SegName[] = ["cs", "ds", "ss", "es", "tr"];
/** SYS_DESC_tss_busy. */
const SYS_DESC_tss_busy = 0xb;

/** The SEG() macro: attributes and limit from the context, accessed / busy bit for a present one. */
function segOf(r: FieldsOutput, name: SegName): Seg {
  let attr = Number(r[`${name}_ar`] as bigint);
  const p = (attr & 0x80) !== 0;
  if (p) attr |= name === "tr" ? 2 : 1;
  return {
    type: attr & 0xf,
    s: (attr & 0x10) !== 0,
    dpl: (attr >> 5) & 3,
    p,
    g: (attr & 0x800) !== 0,
    pad: (attr >> 12) & 0xf,
    attr,
    limit: Number(r[`${name}_limit`] as bigint),
  };
}

/** check_segment: whether the segment is acceptable for its register. */
function segmentOk(s: Seg, name: SegName): boolean {
  if (s.pad !== 0) return false;
  if (s.attr === 0) return name === "ds" || name === "es";
  if (name === "tr") {
    if (s.s || s.type !== SYS_DESC_tss_busy) return false;
  } else if (!s.s) return false;
  if (!s.p) return false;
  if (name === "cs") return (s.type & 0x8) !== 0;
  if (name === "ss") return (s.type & 0x8) === 0 && (s.type & 0x2) !== 0;
  if (name === "ds" || name === "es") return !((s.type & 0x8) !== 0 && (s.type & 0x2) === 0);
  return true;
}

/** is_canonical_address: bits 63-47 all equal. */
export function isCanonical(a: bigint): boolean {
  const top = a >> 47n;
  return top === 0n || top === 0x1ffffn;
}

/**
 * arch_set_info_hvm_guest(v, ctx): 0, or -EINVAL with the failing check traced. On success
 * the vCPU holds the registers and control registers and stays down until VCPUOP_up.
 */
export function archSetInfoHvmGuest(
  trace: TraceSink,
  v: Vcpu,
  ctx: FieldsOutput,
  ctx64: FieldsOutput,
  minor: number,
): number {
  if (ctx.pad !== 0n) return failCheck(trace, `${ID}.hvm_pad`, EINVAL, "pad");
  const mode = ctx.mode as bigint;
  let gp: (readonly [string, bigint])[];
  let flags: bigint;
  let cr0: bigint, cr3: bigint, cr4: bigint, efer: bigint;
  if (mode === BigInt(VCPU_HVM_MODE_32B)) {
    const r = ctx.cpu_regs as FieldsOutput;
    const pad2 = r.pad2 as readonly bigint[];
    if (r.pad1 !== 0n || pad2.some((x) => x !== 0n))
      return failCheck(trace, `${ID}.hvm32_pad`, EINVAL, "pad1/pad2");
    const seg = Object.fromEntries(SEGS.map((n) => [n, segOf(r, n)])) as Record<SegName, Seg>;
    // rc |= each check_segment: every segment is checked, one -EINVAL for any failure.
    const bad = SEGS.find((n) => !segmentOk(seg[n], n));
    if (bad !== undefined) return failCheck(trace, `${ID}.hvm32_segment`, EINVAL, bad);
    // limit is a uint32_t: the page-granular shift keeps its low 32 bits.
    const limit = seg.cs.g ? ((seg.cs.limit << 12) | 0xfff) >>> 0 : seg.cs.limit;
    if (Number(r.eip as bigint) > limit)
      return failCheck(trace, `${ID}.hvm32_eip_limit`, EINVAL, "eip", Number(r.eip as bigint));
    if (seg.ss.dpl !== seg.cs.dpl) return failCheck(trace, `${ID}.hvm32_ss_dpl`, EINVAL);
    if (seg.ds.p && seg.ds.dpl > seg.cs.dpl)
      return failCheck(trace, `${ID}.hvm32_data_dpl`, EINVAL, "ds");
    if (seg.es.p && seg.es.dpl > seg.cs.dpl)
      return failCheck(trace, `${ID}.hvm32_data_dpl`, EINVAL, "es");
    efer = r.efer as bigint;
    if ((efer & EFER_LMA) !== 0n && (efer & EFER_LME) === 0n)
      return failCheck(trace, `${ID}.hvm32_efer_lma`, EINVAL);
    gp = GP.map((n) => [n, r[`e${n}`] as bigint]);
    flags = r.eflags as bigint;
    [cr0, cr3, cr4] = [r.cr0 as bigint, r.cr3 as bigint, r.cr4 as bigint];
  } else if (mode === BigInt(VCPU_HVM_MODE_64B)) {
    const r = ctx64;
    if (!isCanonical(r.rip as bigint)) return failCheck(trace, `${ID}.hvm64_rip`, EINVAL, "rip");
    if (((r.cr0 as bigint) & X86_CR0_PG) === 0n)
      return failCheck(trace, `${ID}.hvm64_cr0_pg`, EINVAL);
    if (((r.cr4 as bigint) & X86_CR4_PAE) === 0n)
      return failCheck(trace, `${ID}.hvm64_cr4_pae`, EINVAL);
    if (((r.efer as bigint) & EFER_LME) === 0n)
      return failCheck(trace, `${ID}.hvm64_efer_lme`, EINVAL);
    gp = GP.map((n) => [n, r[`r${n}`] as bigint]);
    flags = r.rflags as bigint;
    [cr0, cr3, cr4, efer] = [r.cr0 as bigint, r.cr3 as bigint, r.cr4 as bigint, r.efer as bigint];
  } else {
    return failCheck(trace, `${ID}.hvm_mode`, EINVAL, "mode", Number(mode & 0xffffffffn));
  }
  if ((efer & EFER_LME) !== 0n) efer |= EFER_LMA;
  if ((cr4 & ~MODEL_CR4_VALID) !== 0n) return failCheck(trace, `${ID}.hvm_cr4`, EINVAL, "cr4");
  // hvm_efer_valid(v, efer, -1): LMA without LME cannot remain here.
  if ((efer & ~MODEL_EFER_VALID) !== 0n) return failCheck(trace, `${ID}.hvm_efer`, EINVAL, "efer");
  v.regs.clear();
  for (const [n, val] of gp) v.regs.set64(SLOT[n]!, val);
  const f = minor >= 22 ? (flags & X86_EFLAGS_ALL) | X86_EFLAGS_MBS : flags;
  v.cpsr = Number(f & 0xffffffffn);
  v.hvmControl = { cr0, cr3, cr4, efer };
  v.initialised = true;
  v.online = false; // set_bit(_VPF_down): VCPUOP_up starts it
  return 0;
}
