/** What the test guests (guest/) and the harness agree on: registers, window, step encoding. */

import type { GuestMode } from "@xen-abi/abi-core";

/**
 * The test guests, by directory under guest/: a 64-bit PV, a 32-bit PV, an arm64 and an
 * AArch32 dom0 (on arm64 Xen).
 */
export type GuestArch = "x86_64" | "x86_32" | "arm64" | "aarch32";

/** The scenario guest mode each test guest runs. */
export const GUEST_MODE: Readonly<Record<GuestArch, GuestMode>> = {
  x86_64: "pv64",
  x86_32: "pv32",
  arm64: "aarch64",
  aarch32: "aarch32",
};

/** The test guest for a scenario's dom0 mode on a build of `arch`. */
export function guestArchFor(arch: "x86_64" | "arm64", mode: string): GuestArch {
  if (arch === "x86_64" && mode === "pv32") return "x86_32";
  if (arch === "arm64" && mode === "aarch32") return "aarch32";
  return arch;
}

/** The guest's register block, in order (guest/<arch>/start.S). */
export const GUEST_REGS = {
  x86_64: [
    "rax",
    "rbx",
    "rcx",
    "rdx",
    "rsi",
    "rdi",
    "rbp",
    "rsp",
    "r8",
    "r9",
    "r10",
    "r11",
    "r12",
    "r13",
    "r14",
    "r15",
  ],
  x86_32: ["eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp"],
  arm64: Array.from({ length: 31 }, (_, i) => `x${i}`),
  /**
   * r0-r12 only: r13 (sp) and r14 (lr) are the guest's own, and the 64-bit x0-x14 a scenario
   * may name are the hypervisor's view, which an AArch32 guest cannot read. Each register's
   * 64-bit slot in a guest line holds its 32-bit value, zero-extended.
   */
  aarch32: Array.from({ length: 13 }, (_, i) => `r${i}`),
} as const;

/** The result register and its width. */
export const RESULT_REG: Readonly<Record<GuestArch, readonly [string, 32 | 64]>> = {
  x86_64: ["rax", 64],
  x86_32: ["eax", 32],
  arm64: ["x0", 64],
  aarch32: ["r0", 32],
};

/**
 * Registers compared with the machine. x86: `syscall` itself overwrites rcx and r11 before
 * Xen runs, and rsp is the guest's stack; every other register is the scenario's.
 */
export const COMPARED_REGS: Readonly<Record<GuestArch, readonly string[]>> = {
  x86_64: GUEST_REGS.x86_64.filter((r) => r !== "rcx" && r !== "r11" && r !== "rsp"),
  x86_32: GUEST_REGS.x86_32.filter((r) => r !== "esp"),
  arm64: GUEST_REGS.arm64,
  aarch32: GUEST_REGS.aarch32,
};

/** The hypercall number's register and the five argument registers, per test guest. */
export const NUMBER_REG: Readonly<Record<GuestArch, string>> = {
  x86_64: "rax",
  x86_32: "eax",
  arm64: "x16",
  aarch32: "r12",
};
export const ARG_REGS: Readonly<Record<GuestArch, readonly string[]>> = {
  x86_64: ["rdi", "rsi", "rdx", "r10", "r8"],
  x86_32: ["ebx", "ecx", "edx", "esi", "edi"],
  arm64: ["x0", "x1", "x2", "x3", "x4"],
  aarch32: ["r0", "r1", "r2", "r3", "r4"],
};

/** Guests whose trap is `hvc #imm`: an immediate other than 0xea1 or 0 is no hypercall. */
export const isArmGuest = (g: GuestArch): boolean => g === "arm64" || g === "aarch32";

/** guest/common/guest.h */
export const WINDOW_SIZE = 4 * 1024 * 1024;
export const STEPS_MAGIC = 0x5350455453414158n; // "XAASTEPS"
export const STEPS_PLACEHOLDER = "XAAEMPTY";
export const STEPS_CAPACITY = 0x100000;
export const MAX_PATCHES = 64;
export const OP = {
  end: 0n,
  hypercall: 1n,
  write: 2n,
  read: 3n,
  scenario: 4n,
  suspend: 5n,
  resume: 6n,
  wait: 7n,
} as const;
/** Shutdown codes WAIT waits for (xen/include/public/sched.h SHUTDOWN_*). */
export const SHUTDOWN = { poweroff: 0n, suspend: 2n, crash: 3n } as const;
/** XEN_DOMCTL_INTERFACE_VERSION per release (xen/include/public/domctl.h). */
export const DOMCTL_INTERFACE_VERSION: Readonly<Record<string, bigint>> = {
  "4.17": 0x15n,
  "4.20": 0x17n,
};
export const PATCH = { handle: 1n, gfn: 2n } as const;
