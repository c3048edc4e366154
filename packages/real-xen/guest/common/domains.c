/*
 * Dom0less domains taking turns, so a scenario's steps run in its order across domains: a domU
 * suspends itself before each of its runs of steps (SCHEDOP_shutdown, SHUTDOWN_suspend), and
 * dom0 resumes it (XEN_DOMCTL_resumedomain) and waits until it is suspended again, or powered
 * off after its last run (XEN_DOMCTL_getdomaininfo's shutdown code), yielding meanwhile.
 * Values from xen/include/public/{sched.h,domctl.h,xen.h}.
 */
#include "guest.h"

#define HYPERVISOR_sched_op 29
#define HYPERVISOR_domctl 36
#define SCHEDOP_yield 0
#define SCHEDOP_shutdown 2
#define SHUTDOWN_suspend 2
#define SHUTDOWN_crash 3
#define XEN_DOMCTL_getdomaininfo 5
#define XEN_DOMCTL_resumedomain 27
#define XEN_DOMINF_shutdown (1U << 2)
#define XEN_DOMINF_shutdownshift 16

/* struct xen_domctl: cmd, interface_version, domain, then the union at offset 16. */
static u32 domctl[64] __attribute__((aligned(8)));

static long call_domctl(u32 cmd, u64 domid, u64 iv)
{
    volatile u32 *d = domctl;
    for (int i = 0; i < 64; i++)
        d[i] = 0;
    d[0] = cmd;
    d[1] = (u32)iv;
    d[2] = (u32)domid; /* domid_t in the low half of the third word */
    return hypercall3(HYPERVISOR_domctl, (long)(uptr)domctl, 0, 0);
}

void domain_suspend(void)
{
    static u32 reason = SHUTDOWN_suspend;
    hypercall3(HYPERVISOR_sched_op, SCHEDOP_shutdown, (long)(uptr)&reason, 0);
}

long domain_resume(u64 domid, u64 iv)
{
    return call_domctl(XEN_DOMCTL_resumedomain, domid, iv);
}

/* The shutdown code once it is `code` or a crash; a domctl error as is (negative). */
long domain_wait(u64 domid, u64 iv, u64 code)
{
    for (;;) {
        long rc = call_domctl(XEN_DOMCTL_getdomaininfo, domid, iv);
        if (rc < 0)
            return rc;
        /* xen_domctl_getdomaininfo: domain (u16), then flags (u32) at union offset 4. */
        u32 flags = ((volatile u32 *)domctl)[5];
        u32 now = (flags >> XEN_DOMINF_shutdownshift) & 0xff;
        if ((flags & XEN_DOMINF_shutdown) && (now == code || now == SHUTDOWN_crash))
            return now;
        hypercall3(HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0);
    }
}
