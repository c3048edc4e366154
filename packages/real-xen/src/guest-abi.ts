/** What the test guests (guest/) and the harness agree on: registers, window, step encoding. */

/** The guest's register block, in order (guest/x86_64/start.S, guest/arm64/start.S). */
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
  arm64: Array.from({ length: 31 }, (_, i) => `x${i}`),
} as const;

/**
 * Registers compared with the machine. x86: `syscall` itself overwrites rcx and r11 before
 * Xen runs, and rsp is the guest's stack; every other register is the scenario's.
 */
export const COMPARED_REGS: Readonly<Record<"x86_64" | "arm64", readonly string[]>> = {
  x86_64: GUEST_REGS.x86_64.filter((r) => r !== "rcx" && r !== "r11" && r !== "rsp"),
  arm64: GUEST_REGS.arm64,
};

/** guest/common/guest.h */
export const WINDOW_SIZE = 4 * 1024 * 1024;
export const STEPS_MAGIC = 0x5350455453414158n; // "XAASTEPS"
export const STEPS_PLACEHOLDER = "XAAEMPTY";
export const STEPS_CAPACITY = 0x100000;
export const MAX_PATCHES = 64;
export const OP = { end: 0n, hypercall: 1n, write: 2n, read: 3n, scenario: 4n } as const;
export const PATCH = { handle: 1n, gfn: 2n } as const;
