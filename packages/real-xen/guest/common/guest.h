/*
 * The xen-abi test guest: a dom0 that runs a compiled step list and prints one line per step.
 * Freestanding C; each architecture provides the few functions below (start.S + arch.c).
 *
 * Step list (little-endian u64 words, written into `steps_area` by the harness):
 *   SCENARIO   n        a new scenario: registers and window back to zero, as at boot
 *   HYPERCALL  idx imm setmask relocmask  value...   (one value per bit of setmask, low bit first)
 *              npatch  (kind addr)...   words in memory to relocate for the call only:
 *                                       kind 1 a handle, kind 2 a frame number; bits 8 and
 *                                       up give the word's bytes (0: 8)
 *   WRITE      idx addr len  bytes (padded to 8)
 *   READ       idx addr len
 *   END
 * Addresses are scenario addresses: offsets into `window`. A register in relocmask holds one
 * too, unless it is below 0x1000 (the never-mapped frame 0 keeps its value, so NULL stays NULL).
 *
 * Output lines (console_io, so they reach the serial console):
 *   @xa BEGIN <window address> <nregs>
 *   @xa S <n>                          scenario n starts (its steps' lines follow)
 *   @xa H <idx> <r0> ... <rN-1>        every register after the call, in the arch's order
 *                                      (a 32-bit guest's: its 32-bit value, zero-extended)
 *   @xa R <idx> <hex bytes>            a read
 *   @xa W <idx>                        a write done
 *   @xa END
 */
#ifndef XA_GUEST_H
#define XA_GUEST_H

typedef unsigned long long u64;
typedef unsigned int u32;
typedef unsigned char u8;
typedef unsigned long uptr; /* an address: 32 or 64 bits */

enum { PATCH_HANDLE = 1, PATCH_FRAME = 2, MAX_PATCHES = 64 };
enum { OP_END = 0, OP_HYPERCALL = 1, OP_WRITE = 2, OP_READ = 3, OP_SCENARIO = 4 };

#define STEPS_MAGIC 0x5350455453414158UL /* "XAASTEPS" */
#define WINDOW_SIZE (4UL << 20)

/* Provided by the architecture. */
extern const int arch_nregs;
extern u8 window[WINDOW_SIZE];
extern u64 steps_area[];
void arch_hypercall(u64 *regs, u64 imm); /* load regs, trap, store every register back */
void arch_console_write(const char *s, unsigned long len);
u64 arch_frame_of(u64 window_offset); /* the frame number Xen expects for window + offset */
void arch_shutdown(void) __attribute__((noreturn));

void guest_main(void) __attribute__((noreturn));

#endif
