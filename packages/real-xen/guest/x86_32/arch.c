/* 32-bit PV (compat): console, frames and shutdown through `int $0x82` hypercalls. */
#include "../common/guest.h"

#define VIRT_BASE 0xC0000000UL
#define HYPERVISOR_console_io 18
#define HYPERVISOR_sched_op 29
#define CONSOLEIO_write 0
#define SCHEDOP_shutdown 2
#define SHUTDOWN_reboot 1 /* with QEMU's -no-reboot, the run ends */
/* start_info_t's mfn_list in the 32-bit layout (xen/include/public/xen.h). */
#define START_INFO_MFN_LIST 68

const int arch_nregs = 8;
uptr start_info; /* set by start.S */
u8 window[WINDOW_SIZE] __attribute__((aligned(4096)));

/* A debug Xen poisons the argument registers, so all of them are outputs here. */
long hypercall3(long nr, long a1, long a2, long a3)
{
    long a4 = 0, a5 = 0;
    __asm__ volatile("int $0x82"
                     : "+a"(nr), "+b"(a1), "+c"(a2), "+d"(a3), "+S"(a4), "+D"(a5)
                     :
                     : "memory");
    return nr;
}

void arch_console_write(const char *s, unsigned long len)
{
    hypercall3(HYPERVISOR_console_io, CONSOLEIO_write, (long)len, (long)s);
}

/* PV guests name machine frames: the p2m list Xen built maps the window's pseudo-physical
 * frame, which is its offset from VIRT_BASE. */
u64 arch_frame_of(u64 window_offset)
{
    const unsigned long *mfn_list = *(unsigned long *const *)(start_info + START_INFO_MFN_LIST);
    return mfn_list[((uptr)window + (uptr)window_offset - VIRT_BASE) >> 12];
}

void arch_shutdown(void)
{
    static u32 reason = SHUTDOWN_reboot;
    for (;;)
        hypercall3(HYPERVISOR_sched_op, SCHEDOP_shutdown, (long)&reason, 0);
}
