/* AArch32 on arm64 Xen: console, frames and shutdown through `hvc #0xea1`, the number in r12
 * (xen/arch/arm/traps.c: do_trap_hypercall reads HYPERCALL_NR from r12 for a 32-bit guest). */
#include "../common/guest.h"

#define HYPERVISOR_console_io 18
#define HYPERVISOR_sched_op 29
#define CONSOLEIO_write 0
#define SCHEDOP_shutdown 2
#define SHUTDOWN_poweroff 0 /* Xen halts, powering QEMU off through PSCI: the run ends */

const int arch_nregs = 13; /* r0..r12: sp, lr and pc are the guest's own */
u8 window[WINDOW_SIZE] __attribute__((aligned(4096)));

/* A debug Xen poisons r1.. and r12, so every argument register is an output. */
long hypercall3(long nr, long a1, long a2, long a3)
{
    register long r12 __asm__("r12") = nr;
    register long r0 __asm__("r0") = a1;
    register long r1 __asm__("r1") = a2;
    register long r2 __asm__("r2") = a3;
    register long r3 __asm__("r3") = 0;
    register long r4 __asm__("r4") = 0;
    __asm__ volatile("hvc #0xea1"
                     : "+r"(r12), "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4)
                     :
                     : "memory");
    return r0;
}

void arch_console_write(const char *s, unsigned long len)
{
    hypercall3(HYPERVISOR_console_io, CONSOLEIO_write, (long)len, (long)s);
}

/* With the MMU off the window's address is its guest-physical address. */
u64 arch_frame_of(u64 window_offset)
{
    return ((u64)(uptr)window + window_offset) >> 12;
}

void arch_shutdown(void)
{
    static u32 reason = SHUTDOWN_poweroff;
    for (;;)
        hypercall3(HYPERVISOR_sched_op, SCHEDOP_shutdown, (long)&reason, 0);
}
