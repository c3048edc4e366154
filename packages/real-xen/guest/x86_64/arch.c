/* x86_64 PV: console, frames and shutdown through raw `syscall` hypercalls. */
#include "../common/guest.h"

#define VIRT_BASE 0xffffffff80000000UL
#define HYPERVISOR_console_io 18
#define HYPERVISOR_sched_op 29
#define CONSOLEIO_write 0
#define SCHEDOP_shutdown 2
#define SHUTDOWN_reboot 1 /* with QEMU's -no-reboot, the run ends */

const int arch_nregs = 16;
u64 start_info; /* set by start.S */
u8 window[WINDOW_SIZE] __attribute__((aligned(4096)));

/* A debug Xen poisons the argument registers, so all of them are outputs here. */
long hypercall3(long nr, long a1, long a2, long a3)
{
    register long r10 __asm__("r10") = 0;
    register long r8 __asm__("r8") = 0;
    __asm__ volatile("syscall"
                     : "+a"(nr), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                     :
                     : "rcx", "r11", "memory");
    return nr;
}

void arch_console_write(const char *s, unsigned long len)
{
    hypercall3(HYPERVISOR_console_io, CONSOLEIO_write, (long)len, (long)s);
}

/* PV guests name machine frames: the p2m list Xen built (start_info.mfn_list, at offset 104)
 * maps the window's pseudo-physical frame, which is its offset from VIRT_BASE. */
u64 arch_frame_of(u64 window_offset)
{
    const u64 *mfn_list = *(u64 *const *)(start_info + 104);
    return mfn_list[((u64)window + window_offset - VIRT_BASE) >> 12];
}

void arch_shutdown(void)
{
    static u32 reason = SHUTDOWN_reboot;
    for (;;)
        hypercall3(HYPERVISOR_sched_op, SCHEDOP_shutdown, (long)&reason, 0);
}
