import { MODE_INFO, type GuestMode, type GuestModeInfo } from "../abi/modes.js";
import type { EvtchnDomain, VcpuInfoArea } from "./events.js";
import type { GrantTable } from "./grant-table.js";
import { NR_VIRQS } from "./events.js";
import { GuestMemory, PAGE_SIZE } from "./memory.js";
import { PageTypes } from "./page-type.js";
import { RegisterFile } from "./registers.js";

/** Xen's `struct mc_state` (xen/include/xen/multicall.h): the multicall in progress. */
export interface MulticallState {
  /** _MCSF_in_multicall */
  inMulticall: boolean;
  /** The entry being run: op, result and args as (lo, hi) halves. */
  readonly argLo: Uint32Array;
  readonly argHi: Uint32Array;
  op: number;
  /** Result of the call, as a JS number. */
  result: number;
}

/** One virtual CPU: its registers plus the per-vCPU hypercall state Xen keeps in `struct vcpu`. */
export class Vcpu {
  readonly regs = new RegisterFile();
  /** Secondary vCPUs start down (Arm: until PSCI CPU_ON). */
  online: boolean;
  /** `curr->hcall_preempted`: the current hypercall created a continuation. */
  hcallPreempted = false;
  /** x86 `curr->hcall_compat`: the current hypercall uses the 32-bit ABI. */
  hcallCompat = false;
  readonly mcs: MulticallState = {
    inMulticall: false,
    argLo: new Uint32Array(6),
    argHi: new Uint32Array(6),
    op: 0,
    result: 0,
  };
  /** Arm CPSR / x86 flags word, as the toolstack last set it (0 = not set). */
  cpsr = 0;
  /**
   * `v->is_initialised`: the vCPU has a context (vCPU 0 from domain building; others from
   * the toolstack, PSCI CPU_ON or VCPUOP_initialise). VCPUOP_up needs it.
   */
  initialised: boolean;
  /** x86 `v->arch.nmi_pending`: VCPUOP_send_nmi made an NMI pending (the machine delivers none). */
  nmiPending = false;
  /**
   * A PV vCPU's v->arch.pv.gdt_frames / gdt_ents as pv_set_gdt installed them (each frame
   * holds a descriptor-page type reference) and v->arch.guest_table / guest_table_user, the
   * root page tables arch_set_info_guest took (each holds a type reference), and
   * v->arch.old_guest_table, a page table this vCPU's call left partly validated, which its next
   * put_old_guest_table drops (null: none), with old_guest_table_partial and old_guest_ptpg.
   */
  readonly pv: {
    gdtFrames: number[];
    gdtEnts: number;
    guestTable: number | null;
    guestTableUser: number | null;
    oldGuestTable: number | null;
    oldGuestTablePartial: boolean;
    oldGuestPtpg: number | null;
  } = {
    gdtFrames: [],
    gdtEnts: 0,
    guestTable: null,
    guestTableUser: null,
    oldGuestTable: null,
    oldGuestTablePartial: true,
    oldGuestPtpg: null,
  };
  /**
   * x86 v->arch.hvm.evtchn_upcall_vector: the LAPIC vector HVMOP_set_evtchn_upcall_vector gave
   * this vCPU's event-channel upcalls (0: none, the domain's callback via is used).
   */
  evtchnUpcallVector = 0;
  /** An HVM vCPU's control registers as VCPUOP_initialise set them (null: never). */
  hvmControl: { cr0: bigint; cr3: bigint; cr4: bigint; efer: bigint } | null = null;
  /** v->virq_to_evtchn: the port each VIRQ is bound to on this vCPU (0: unbound). */
  readonly virqToEvtchn = new Uint32Array(NR_VIRQS);
  /** VCPUOP_register_vcpu_info's area; null: the legacy slot in shared_info (or none). */
  vcpuInfo: VcpuInfoArea | null = null;
  /** VCPUOP_register_runstate_memory_area's guest address (null: none). */
  runstateArea: number | null = null;
  /** v->runstate_guest_area: VCPUOP_register_runstate_phys_area's mapped area (null: none). */
  runstateGuestArea: VcpuInfoArea | null = null;
  /** x86 v->arch.time_info_guest: VCPUOP_register_vcpu_time_memory_area's address (null: none). */
  timeInfoGuest: number | null = null;
  /** x86 v->arch.time_guest_area: VCPUOP_register_vcpu_time_phys_area's mapped area (null: none). */
  timeGuestArea: VcpuInfoArea | null = null;
  /** The vCPU's timers as the guest last set them (model time never advances). */
  readonly timers: { periodicNs: bigint; singleshotNs: bigint | null } = {
    periodicNs: 0n,
    singleshotNs: null,
  };

  constructor(
    readonly id: number,
    online: boolean,
  ) {
    this.online = online;
    this.initialised = online;
  }
}

export interface DomainConfig {
  readonly id: number;
  readonly mode: GuestMode;
  /** Bytes of guest memory, a multiple of 4096 (default 1 MiB). */
  readonly memory?: number;
  readonly vcpus?: number;
  /** Whether the security policy lets this domain use Argo (default true). */
  readonly argo?: boolean;
}

export const DEFAULT_DOMAIN_MEMORY = 1 << 20;

/** A guest domain's state in the hypervisor. */
export class Domain {
  readonly id: number;
  readonly mode: GuestMode;
  /** MODE_INFO[mode], looked up once: the dispatcher reads it on every hypercall. */
  readonly info: GuestModeInfo;
  readonly memory: GuestMemory;
  readonly vcpus: Vcpu[];
  readonly argoAllowed: boolean;
  /** domain_crash() was called: the domain runs no more. */
  crashed = false;
  /** The reason domain_shutdown acted on, once the domain is shutting down (is_shutting_down). */
  shutdownReason: number | null = null;
  /** d->shutdown_code: the first code given (SCHEDOP_shutdown_code or shutdown); null = INVALID. */
  shutdownCode: number | null = null;
  /** d->watchdog_inuse_map: which of the NR_DOMAIN_WATCHDOG_TIMERS watchdogs are set. */
  watchdogInuse = 0;
  /** d->is_dying: destruction has begun. */
  dying = false;
  /** What the domain wrote with CONSOLEIO_write since the last read. */
  console = "";
  /** Virtual interrupts raised since the last read (VIRQ numbers). */
  readonly pendingVirqs = new Set<number>();
  /** d->argo: Argo's per-domain state, owned by src/argo (null: Argo not enabled for it). */
  argo: unknown = null;
  /** d->shared_info: Xen's page, its own buffer so a gfn can map it (GuestMemory.mapForeign). */
  readonly sharedInfo = new Uint8Array(PAGE_SIZE);
  /**
   * x86 d->arch.has_32bit_shinfo: shared_info and vcpu_info are in the compat (32-bit)
   * layout (so are the runstate area's context-switch updates, which the machine does not
   * run). A pv32 domain has it from switch_compat, before it runs; an HVM domain starts in
   * the native layout and hvm_latch_shinfo_size sets it from the calling vCPU's mode (see
   * sharedInfoMode).
   */
  has32bitShinfo: boolean;
  /**
   * x86 d->arch.e820: the E820 map XENMEM_set_memory_map last set, nr_e820 entries of 20 bytes
   * (null: never set, as for every domain Xen does not build as a PVH dom0).
   */
  e820: Uint8Array | null = null;
  /** The gfn the guest placed shared_info at (XENMAPSPACE_shared_info), or null. */
  sharedInfoGfn: number | null = null;
  /** Event channels (evtchn_init at domain creation). */
  evtchn: EvtchnDomain | null = null;
  /** d->arch.hvm.params (HVM_NR_PARAMS of them), as hvm_op set_param last left them. */
  readonly hvmParams: bigint[] = new Array<bigint>(39).fill(0n);
  /** x86 d->arch.x87_fip_width once set_param set it (null: the host CPU's default). */
  x87FipWidth: number | null = null;
  /** d->grant_table (grant_table_init at domain creation). */
  gnttab: GrantTable | null = null;
  /** x86 PV: each frame's page type info (machine/page-type.ts); every frame starts untyped. */
  readonly pageTypes = new PageTypes();

  constructor(cfg: DomainConfig) {
    this.id = cfg.id;
    this.mode = cfg.mode;
    this.info = MODE_INFO[cfg.mode];
    this.memory = new GuestMemory(cfg.memory ?? DEFAULT_DOMAIN_MEMORY);
    const n = cfg.vcpus ?? 1;
    this.vcpus = [];
    for (let i = 0; i < n; i++) this.vcpus.push(new Vcpu(i, i === 0));
    this.argoAllowed = cfg.argo ?? true;
    this.has32bitShinfo = cfg.mode === "pv32";
  }
}

/** is_pv_domain: an x86 PV guest, which keeps its own p2m and page tables. */
export function isPvDomain(d: Domain): boolean {
  return d.mode === "pv64" || d.mode === "pv32";
}

/** is_hvm_domain: an x86 HVM guest. */
export function isHvmDomain(d: Domain): boolean {
  return d.mode === "hvm64" || d.mode === "hvm32";
}

/** paging_mode_translate(d): HVM and Arm guests; a PV guest's frames are machine frames. */
export function pagingModeTranslate(d: Domain): boolean {
  return !isPvDomain(d);
}

/** A 32-bit x86 guest (PV or HVM), whose calls go through Xen's compat_* layer. */
export function isCompatDomain(d: Domain): boolean {
  return d.mode === "pv32" || d.mode === "hvm32";
}

/**
 * The mode whose layout shared_info and vcpu_info have, and whose xen_ulong_t alignment
 * map_guest_area asks of a registered area (Xen's has_32bit_shinfo(d)): for an HVM domain
 * the compat layout once hvm_latch_shinfo_size latched it, the native 64-bit one before,
 * whatever mode its vCPUs run in; otherwise the domain's own mode.
 */
export function sharedInfoMode(d: Domain): GuestMode {
  if (!isHvmDomain(d)) return d.mode;
  return d.has32bitShinfo ? "hvm32" : "hvm64";
}
