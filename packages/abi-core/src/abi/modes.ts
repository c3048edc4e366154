/**
 * Guest modes and their hypercall calling conventions, as data.
 *
 * Facts: arch-arm.h ("hvc #0xEA1", number in x16/r12, args x0-x4 / r0-r4, result x0/r0);
 * docs/guest-guide/x86/hypercall-abi.rst (rax / rdi rsi rdx r10 r8; eax / ebx ecx edx esi edi);
 * arch-x86/xen-x86_{32,64}.h (syscall, int $0x82); hvm/hypercall.c (vmcall).
 */

/** A guest execution mode the reference machine models. */
export type GuestMode = "aarch64" | "aarch32" | "pv64" | "pv32" | "hvm64" | "hvm32";

/** The hypervisor build's architecture. */
export type XenArch = "arm64" | "arm32" | "x86_64";

/** A column of the table in Xen's `xen/include/hypercall-defs.c`. */
export type GuestType = "pv32" | "pv64" | "hvm32" | "hvm64" | "arm";

/** A C target whose layout rules an ABI follows (clang `-target` names in the fixtures). */
export type CTarget = "aarch64" | "armv7" | "x86_64" | "i386";

export const GUEST_MODES: readonly GuestMode[] = [
  "aarch64",
  "aarch32",
  "pv64",
  "pv32",
  "hvm64",
  "hvm32",
];
export const XEN_ARCHES: readonly XenArch[] = ["arm64", "arm32", "x86_64"];
export const GUEST_TYPES: readonly GuestType[] = ["pv32", "pv64", "hvm32", "hvm64", "arm"];

/** Number of 64-bit register slots every vCPU has (Arm: x0-x30 + pc; x86: 16 GPRs + rip). */
export const REGISTER_SLOTS = 32;

/** One architectural register name as a guest of this mode sees it. */
export interface RegisterDef {
  /** Lower-case name as used by scenarios (`x0`, `r12`, `rdi`, `ebx`, `pc`). */
  readonly name: string;
  /** Slot in the vCPU's 64-bit register file. */
  readonly slot: number;
  /** Width in bits of this name's view of the slot. */
  readonly bits: 32 | 64;
}

/** Everything about a guest mode's side of the hypercall ABI. */
export interface GuestModeInfo {
  readonly mode: GuestMode;
  readonly family: "arm" | "x86";
  /** Guest word width: how wide `unsigned long`, pointers and registers are for the guest. */
  readonly bits: 32 | 64;
  /** hypercall-defs.c column this mode dispatches through. */
  readonly guestType: GuestType;
  /** Xen builds that can run this mode. */
  readonly xenArches: readonly XenArch[];
  /** Layout rules for structs in this mode's memory. */
  readonly cTarget: CTarget;
  /** Registers the guest names, in display order. */
  readonly registers: readonly RegisterDef[];
  readonly numberReg: string;
  /** Argument registers 1-5. */
  readonly argRegs: readonly [string, string, string, string, string];
  readonly resultReg: string;
  readonly pcReg: string;
  /** The hypercall instruction, as assembly. */
  readonly instruction: string;
  /** Bytes the instruction occupies: how far Xen rewinds pc for a continuation. */
  readonly instructionBytes: number;
  /** `XEN_GUEST_HANDLE_PARAM` width as an argument. */
  readonly handleParamBytes: 4 | 8;
  /** `XEN_GUEST_HANDLE` width inside a struct in memory. */
  readonly handleStructBytes: 4 | 8;
}

function names(prefix: string, from: number, to: number, firstSlot: number, bits: 32 | 64) {
  const out: RegisterDef[] = [];
  for (let i = from; i <= to; i++)
    out.push({ name: `${prefix}${i}`, slot: firstSlot + i - from, bits });
  return out;
}

/** Arm register file: x0-x30 in slots 0-30, pc in slot 31. */
export const ARM_PC_SLOT = 31;
/** x86 register file: rax rbx rcx rdx rsi rdi rbp rsp r8-r15 in slots 0-15, rip in slot 16. */
export const X86_IP_SLOT = 16;

const X86_64_NAMES: readonly string[] = ["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp"];
const X86_32_NAMES: readonly string[] = ["eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp"];

const AARCH64_REGS: readonly RegisterDef[] = [
  ...names("x", 0, 30, 0, 64),
  { name: "pc", slot: ARM_PC_SLOT, bits: 64 },
];
const AARCH32_REGS: readonly RegisterDef[] = [
  ...names("r", 0, 14, 0, 32),
  { name: "pc", slot: ARM_PC_SLOT, bits: 32 },
];
const X86_64_REGS: readonly RegisterDef[] = [
  ...X86_64_NAMES.map((name, slot) => ({ name, slot, bits: 64 as const })),
  ...names("r", 8, 15, 8, 64),
  { name: "rip", slot: X86_IP_SLOT, bits: 64 },
];
const X86_32_REGS: readonly RegisterDef[] = [
  ...X86_32_NAMES.map((name, slot) => ({ name, slot, bits: 32 as const })),
  { name: "eip", slot: X86_IP_SLOT, bits: 32 },
];

export const MODE_INFO: Readonly<Record<GuestMode, GuestModeInfo>> = {
  aarch64: {
    mode: "aarch64",
    family: "arm",
    bits: 64,
    guestType: "arm",
    xenArches: ["arm64"],
    cTarget: "aarch64",
    registers: AARCH64_REGS,
    numberReg: "x16",
    argRegs: ["x0", "x1", "x2", "x3", "x4"],
    resultReg: "x0",
    pcReg: "pc",
    instruction: "hvc #0xea1",
    instructionBytes: 4,
    handleParamBytes: 8,
    handleStructBytes: 8,
  },
  aarch32: {
    mode: "aarch32",
    family: "arm",
    bits: 32,
    guestType: "arm",
    xenArches: ["arm64", "arm32"],
    cTarget: "armv7",
    registers: AARCH32_REGS,
    numberReg: "r12",
    argRegs: ["r0", "r1", "r2", "r3", "r4"],
    resultReg: "r0",
    pcReg: "pc",
    instruction: "hvc #0xea1",
    instructionBytes: 4,
    handleParamBytes: 4,
    // arch-arm.h: XEN_GUEST_HANDLE is 8 bytes and 8-aligned in structs on both widths.
    handleStructBytes: 8,
  },
  pv64: {
    mode: "pv64",
    family: "x86",
    bits: 64,
    guestType: "pv64",
    xenArches: ["x86_64"],
    cTarget: "x86_64",
    registers: X86_64_REGS,
    numberReg: "rax",
    argRegs: ["rdi", "rsi", "rdx", "r10", "r8"],
    resultReg: "rax",
    pcReg: "rip",
    instruction: "syscall",
    instructionBytes: 2,
    handleParamBytes: 8,
    handleStructBytes: 8,
  },
  pv32: {
    mode: "pv32",
    family: "x86",
    bits: 32,
    guestType: "pv32",
    xenArches: ["x86_64"],
    cTarget: "i386",
    registers: X86_32_REGS,
    numberReg: "eax",
    argRegs: ["ebx", "ecx", "edx", "esi", "edi"],
    resultReg: "eax",
    pcReg: "eip",
    instruction: "int $0x82",
    instructionBytes: 2,
    handleParamBytes: 4,
    handleStructBytes: 4,
  },
  hvm64: {
    mode: "hvm64",
    family: "x86",
    bits: 64,
    guestType: "hvm64",
    xenArches: ["x86_64"],
    cTarget: "x86_64",
    registers: X86_64_REGS,
    numberReg: "rax",
    argRegs: ["rdi", "rsi", "rdx", "r10", "r8"],
    resultReg: "rax",
    pcReg: "rip",
    instruction: "vmcall",
    instructionBytes: 3,
    handleParamBytes: 8,
    handleStructBytes: 8,
  },
  hvm32: {
    mode: "hvm32",
    family: "x86",
    bits: 32,
    guestType: "hvm32",
    xenArches: ["x86_64"],
    cTarget: "i386",
    registers: X86_32_REGS,
    numberReg: "eax",
    argRegs: ["ebx", "ecx", "edx", "esi", "edi"],
    resultReg: "eax",
    pcReg: "eip",
    instruction: "vmcall",
    instructionBytes: 3,
    handleParamBytes: 4,
    handleStructBytes: 4,
  },
};

/** The register slot a mode's own name (not the x views) refers to. */
export function slotOf(mode: GuestMode, name: string): number {
  const r = MODE_INFO[mode].registers.find((x) => x.name === name);
  if (r === undefined) throw new Error(`no register ${name} in ${mode}`);
  return r.slot;
}

/** Register slots of arguments 1-5 per mode, derived from MODE_INFO's argRegs. */
export const ARG_SLOTS: Readonly<Record<GuestMode, readonly number[]>> = {
  aarch64: argSlots("aarch64"),
  aarch32: argSlots("aarch32"),
  pv64: argSlots("pv64"),
  pv32: argSlots("pv32"),
  hvm64: argSlots("hvm64"),
  hvm32: argSlots("hvm32"),
};

function argSlots(mode: GuestMode): readonly number[] {
  return MODE_INFO[mode].argRegs.map((n) => slotOf(mode, n));
}

/** Whether a Xen build of `arch` can run a guest in `mode`. */
export function modeRunsOn(mode: GuestMode, arch: XenArch): boolean {
  return MODE_INFO[mode].xenArches.includes(arch);
}

/** Word width of the hypervisor itself (`register_t`, `unsigned long` inside Xen). */
export function xenBits(arch: XenArch): 32 | 64 {
  return arch === "arm32" ? 32 : 64;
}

/**
 * The register names a vCPU of `mode` answers to on a Xen of `arch`. An AArch32 vCPU on
 * arm64 Xen also has the 64-bit views x0-x14 of r0-r14 (Arm ARM D1.20.1), where a stale top
 * half is visible.
 */
export function registersFor(mode: GuestMode, arch: XenArch): readonly RegisterDef[] {
  return mode === "aarch32" && arch === "arm64" ? AARCH32_ON_ARM64_REGS : MODE_INFO[mode].registers;
}

const AARCH32_ON_ARM64_REGS: readonly RegisterDef[] = [
  ...AARCH32_REGS,
  ...names("x", 0, 14, 0, 64),
];

/** registersFor as a name -> definition map, built once per (mode, arch). */
// eslint-disable-next-line no-restricted-syntax -- memo of a pure function of its key, shared safely
const REGISTER_MAPS = new Map<string, ReadonlyMap<string, RegisterDef>>();

/** The register a name means for `mode` on `arch` Xen, or undefined. */
export function registerNamed(
  mode: GuestMode,
  arch: XenArch,
  name: string,
): RegisterDef | undefined {
  const key = `${mode}/${arch}`;
  let m = REGISTER_MAPS.get(key);
  if (m === undefined) {
    m = new Map(registersFor(mode, arch).map((r) => [r.name, r]));
    REGISTER_MAPS.set(key, m);
  }
  return m.get(name);
}

/** Register names for the toolstack's context (setVcpuContext): Arm uses x0-x30 and pc always. */
export function contextRegistersFor(mode: GuestMode): readonly RegisterDef[] {
  return MODE_INFO[mode].family === "arm" ? AARCH64_REGS : MODE_INFO[mode].registers;
}

/** "an aarch64", "a pv64", "an hvm32" */
export function modeWithArticle(mode: GuestMode): string {
  return `${/^(a|hvm)/.test(mode) ? "an" : "a"} ${mode}`;
}
