/**
 * Event-channel state several hypercalls touch (event_channel_op, argo_op's VIRQ_ARGO,
 * vcpu_op's vcpu_info, memory_op's shared_info placement): Xen's `struct evtchn` per port,
 * `d->valid_evtchns`, the per-vCPU virq_to_evtchn table and where each vCPU's vcpu_info
 * lives. Operations on it live in hypercalls/event_channel_op/.
 */

/** xen/include/xen/sched.h `struct evtchn` states (ECS_*). */
export const ECS_FREE = 0;
export const ECS_RESERVED = 1;
export const ECS_UNBOUND = 2;
export const ECS_INTERDOMAIN = 3;
export const ECS_PIRQ = 4;
export const ECS_VIRQ = 5;
export const ECS_IPI = 6;

/** public/xen.h: NR_VIRQS, the size of each vCPU's virq_to_evtchn. */
export const NR_VIRQS = 24;

/** One port: Xen's `struct evtchn` (the fields the model reads). */
export interface Evtchn {
  readonly port: number;
  state: number;
  /** notify_vcpu_id */
  notifyVcpu: number;
  /** ECS_UNBOUND: u.unbound.remote_domid; ECS_INTERDOMAIN: the remote domain's id. */
  remoteDomid: number;
  /** ECS_INTERDOMAIN: u.interdomain.remote_port. */
  remotePort: number;
  /** ECS_VIRQ: u.virq. */
  virq: number;
}

/**
 * Where the 2-level ABI's words sit in this domain's shared_info and vcpu_info, from the
 * layout engine for the domain's mode (native and compat differ).
 */
export interface SharedInfoLayout {
  /** Offset of shared_info.evtchn_pending / evtchn_mask. */
  readonly pending: number;
  readonly mask: number;
  /** Bits per xen_ulong_t word: BITS_PER_EVTCHN_WORD(d). */
  readonly wordBits: number;
  /** Offset of shared_info.vcpu_info[0], the size of one, and how many (XEN_LEGACY_MAX_VCPUS). */
  readonly vcpuInfo: number;
  readonly vcpuInfoSize: number;
  readonly legacyVcpus: number;
  /** Offsets inside vcpu_info. */
  readonly upcallPending: number;
  readonly pendingSel: number;
}

/** A vCPU's vcpu_info placed by VCPUOP_register_vcpu_info: the guest's page, kept mapped. */
export interface VcpuInfoArea {
  readonly page: Uint8Array;
  readonly offset: number;
  readonly gfn: number;
}

/** A domain's event channels (d->evtchn, d->valid_evtchns, d->active_evtchns, ...). */
export interface EvtchnDomain {
  /** Ports 0 .. valid_evtchns - 1 (whole buckets). */
  readonly chans: Evtchn[];
  /** d->active_evtchns */
  active: number;
  /** d->next_evtchn: where a preempted EVTCHNOP_reset resumes (0: none in progress). */
  nextEvtchn: number;
  /** d->max_evtchn_port */
  readonly maxPort: number;
  /**
   * BITS_PER_EVTCHN_WORD(d) squared: the ports the 2-level bitmaps hold (evtchn_2l_is_pending),
   * and max_evtchns(d) from XSA-342 (evtchnPortLimit in two-level.ts has the releases before).
   * It and `layout` follow has_32bit_shinfo, which an HVM domain latches after creation
   * (relayOutSharedInfo).
   */
  maxEvtchns: number;
  layout: SharedInfoLayout;
  /** Xen's dummy_vcpu_info: where events for a vCPU without a vcpu_info go unseen. */
  readonly dummyVcpuInfo: Uint8Array;
}
