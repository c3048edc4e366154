/* arm64: console, frames and shutdown through `hvc #0xea1`. */
#include "../common/guest.h"

#define HYPERVISOR_console_io 18
#define HYPERVISOR_sched_op 29
#define CONSOLEIO_write 0
#define SCHEDOP_shutdown 2
#define SHUTDOWN_poweroff 0 /* Xen halts, powering QEMU off through PSCI: the run ends */

const int arch_nregs = 31;
u8 window[WINDOW_SIZE] __attribute__((aligned(4096)));

/* A debug Xen poisons x1.. and x16, so every argument register is an output. */
long hypercall3(long nr, long a1, long a2, long a3)
{
    register long x16 __asm__("x16") = nr;
    register long x0 __asm__("x0") = a1;
    register long x1 __asm__("x1") = a2;
    register long x2 __asm__("x2") = a3;
    register long x3 __asm__("x3") = 0;
    register long x4 __asm__("x4") = 0;
    __asm__ volatile("hvc #0xea1"
                     : "+r"(x16), "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4)
                     :
                     : "memory");
    return x0;
}

void arch_console_write(const char *s, unsigned long len)
{
    hypercall3(HYPERVISOR_console_io, CONSOLEIO_write, (long)len, (long)s);
}

/* With the MMU off the window's address is its guest-physical address. */
u64 arch_frame_of(u64 window_offset)
{
    return ((u64)window + window_offset) >> 12;
}

void arch_shutdown(void)
{
    static u32 reason = SHUTDOWN_poweroff;
    for (;;)
        hypercall3(HYPERVISOR_sched_op, SCHEDOP_shutdown, (long)&reason, 0);
}
