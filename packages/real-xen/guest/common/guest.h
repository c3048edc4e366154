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
 *   SUSPEND    idx                  (dom0less domU) wait, suspended, until dom0 resumes it
 *   RESUME     idx domid iv         (dom0) resume domain domid; iv: the domctl interface version
 *   WAIT       idx domid iv code    (dom0) yield until domain domid has shut down with `code`
 *                                   (2 suspended, 0 powered off) or crashed (3)
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
 *   @xa D <idx> <domid> <code>         (WAIT) the domain's shutdown code as dom0 found it
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
enum { OP_SUSPEND = 5, OP_RESUME = 6, OP_WAIT = 7 };

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
long hypercall3(long nr, long a1, long a2, long a3); /* the arch's trap, for the guest's own calls */

/* domains.c: dom0less domains taking turns (SUSPEND, RESUME, WAIT). */
void domain_suspend(void);
long domain_resume(u64 domid, u64 iv);
long domain_wait(u64 domid, u64 iv, u64 code);

void guest_main(void) __attribute__((noreturn));

#endif
