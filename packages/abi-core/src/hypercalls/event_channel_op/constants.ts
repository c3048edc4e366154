/** Numbers of public/event_channel.h and public/xen.h that event_channel_op uses. */

export const HYPERVISOR_event_channel_op = 32;

export const EVTCHNOP_bind_interdomain = 0;
export const EVTCHNOP_bind_virq = 1;
export const EVTCHNOP_bind_pirq = 2;
export const EVTCHNOP_close = 3;
export const EVTCHNOP_send = 4;
export const EVTCHNOP_status = 5;
export const EVTCHNOP_alloc_unbound = 6;
export const EVTCHNOP_bind_ipi = 7;
export const EVTCHNOP_bind_vcpu = 8;
export const EVTCHNOP_unmask = 9;
export const EVTCHNOP_reset = 10;
export const EVTCHNOP_init_control = 11;
export const EVTCHNOP_expand_array = 12;
export const EVTCHNOP_set_priority = 13;
export const EVTCHNOP_reset_cont = 14;

export const EVTCHNSTAT_closed = 0;
export const EVTCHNSTAT_unbound = 1;
export const EVTCHNSTAT_interdomain = 2;
export const EVTCHNSTAT_pirq = 3;
export const EVTCHNSTAT_virq = 4;
export const EVTCHNSTAT_ipi = 5;

/** public/xen.h VIRQ_* numbers. */
export const VIRQ_TIMER = 0;
export const VIRQ_DEBUG = 1;
export const VIRQ_CONSOLE = 2;
export const VIRQ_DOM_EXC = 3;
export const VIRQ_XENOPROF = 7;
/** argo.h VIRQ_ARGO (exported by argo_op). */
const VIRQ_ARGO = 11;
export const VIRQ_XENPMU = 13;

/** public/xen.h DOMID_SELF. */
export const DOMID_SELF = 0x7ff0;

/**
 * PAGE_SIZE / next_power_of_2(sizeof(struct evtchn)) (xen/include/xen/sched.h): ports come in
 * buckets, and a port is valid once its bucket exists (d->valid_evtchns). RELEASE-4.22.0's
 * struct evtchn is __attribute__((aligned(64))); clang lays it out in 64 bytes for aarch64,
 * armv7 and x86_64, with or without NDEBUG, CONFIG_DEBUG_LOCKS, lock profiling and CONFIG_XSM;
 * earlier releases' (no alignment attribute) are 33-64 bytes, rounded up to 64. So 64.
 */
export const EVTCHNS_PER_BUCKET = 64;

/**
 * d->max_evtchn_port of a domU: the toolstack's default (libxl's event_channels = 1023);
 * the hardware domain (0) gets no limit below max_evtchns(d).
 */
export const DEFAULT_MAX_EVTCHN_PORT = 1023;

export type VirqType = "vcpu" | "domain" | "global";

/**
 * event_channel.c get_virq_type (4.21+); before, virq_is_global, where the per-domain
 * VIRQ_ARGO counted as global. Both treat every other VIRQ, and the arch ones, as global.
 */
export function virqType(virq: number, minor: number): VirqType {
  switch (virq) {
    case VIRQ_TIMER:
    case VIRQ_DEBUG:
    case VIRQ_XENOPROF:
    case VIRQ_XENPMU:
      return "vcpu";
    case VIRQ_ARGO:
      return minor >= 21 ? "domain" : "global";
    default:
      return "global";
  }
}
