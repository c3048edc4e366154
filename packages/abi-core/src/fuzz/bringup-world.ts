/**
 * The bring-up fuzzer's worlds: twin machines of one architecture, one whose two guests run a
 * 64-bit ABI and one whose guests run its 32-bit counterpart (aarch64 / aarch32 on arm64 Xen,
 * hvm64 / hvm32, pv64 / pv32), set up alike so that the same logical request can be issued on
 * both and the answers compared. Guests issue hypercalls through their registers and lay their
 * structs out through the layout engine's compiled offsets for their mode.
 */
import { ARG_SLOTS, MODE_INFO, slotOf, type GuestMode, type XenArch } from "../abi/modes.js";
import { gnttabOf } from "../hypercalls/grant_table_op/io.js";
import type { Domain } from "../machine/domain.js";
import { hiWord } from "../machine/registers.js";
import { PAGE_SIZE } from "../machine/memory.js";
import { structOffsets, type StructOffsets } from "../table/struct-offsets.js";
import { Xen } from "../xen.js";

/** Every domain's memory: 16 frames, frame 0 unmapped as at boot. */
export const FRAMES = 16;
/** Where the guests keep things (gfns). */
export const OPS_GFN = 2; // op structs
export const EXT_GFN = 3; // extent arrays
export const SRC_GFN = 4; // granted read-write to the peer; copy source
export const DST_GFN = 5; // granted read-only to the peer; copy destination
export const VCPU_INFO_GFN = 7; // vCPU 0's registered vcpu_info at offset 0, vCPU 1's if any
export const RUNSTATE_GFN = 8; // runstate areas (one may run on into gfn 9)
export const BALLOON = [10, 11, 12, 13] as const; // frames given back and repopulated
export const MAP_GFN = 14; // where a peer's grant is mapped
/** Grant refs every guest fills in at boot: [ref, flags, domid (peer: -1), gfn]. */
export const GRANTS: readonly (readonly [number, number, number, number])[] = [
  [8, 1, -1, SRC_GFN], // GTF_permit_access to the peer
  [9, 1 | 4, -1, DST_GFN], // read-only
  [10, 1, 77, SRC_GFN], // to a domain that does not exist
  [11, 1, -1, 0x7ff], // a frame past the granter's memory
];

export const TWINS: readonly (readonly [XenArch, GuestMode, GuestMode])[] = [
  ["arm64", "aarch64", "aarch32"],
  ["x86_64", "hvm64", "hvm32"],
  ["x86_64", "pv64", "pv32"],
];

const STRUCTS = {
  alloc_unbound: ["evtchn_alloc_unbound_t", ["dom", "remote_dom", "port"]],
  bind_interdomain: ["evtchn_bind_interdomain_t", ["remote_dom", "remote_port", "local_port"]],
  bind_virq: ["evtchn_bind_virq_t", ["virq", "vcpu", "port"]],
  bind_ipi: ["evtchn_bind_ipi_t", ["vcpu", "port"]],
  port: ["evtchn_close_t", ["port"]],
  status: ["evtchn_status_t", ["dom", "port", "status", "vcpu"]],
  bind_vcpu: ["evtchn_bind_vcpu_t", ["port", "vcpu"]],
  reset: ["evtchn_reset_t", ["dom"]],
  reservation: [
    "xen_memory_reservation_t",
    ["extent_start", "nr_extents", "extent_order", "mem_flags", "domid"],
  ],
  physmap: ["xen_add_to_physmap_t", ["domid", "space", "idx", "gpfn"]],
  vcpu_info: ["vcpu_register_vcpu_info_t", ["mfn", "offset"]],
  vcpu_info_t: ["vcpu_info_t", ["evtchn_upcall_pending"]],
  runstate: ["vcpu_runstate_info_t", ["state", "state_entry_time", "time"]],
  periodic: ["vcpu_set_periodic_timer_t", ["period_ns"]],
  singleshot: ["vcpu_set_singleshot_timer_t", ["timeout_abs_ns", "flags"]],
  hvm_param: ["xen_hvm_param_t", ["domid", "index", "value"]],
  query_size: ["gnttab_query_size_t", ["dom", "nr_frames", "max_nr_frames", "status"]],
  swap: ["gnttab_swap_grant_ref_t", ["ref_a", "ref_b", "status"]],
  copy: [
    "gnttab_copy_t",
    [
      "source.u",
      "source.domid",
      "source.offset",
      "dest.u",
      "dest.domid",
      "dest.offset",
      "len",
      "flags",
      "status",
    ],
  ],
  map: ["gnttab_map_grant_ref_t", ["host_addr", "flags", "ref", "dom", "status", "handle"]],
  unmap: ["gnttab_unmap_grant_ref_t", ["host_addr", "dev_bus_addr", "handle", "status"]],
} as const;

type Key = keyof typeof STRUCTS;
type Offsets = { readonly [K in Key]: StructOffsets<(typeof STRUCTS)[K][1][number]> };

function compile(mode: GuestMode): Offsets {
  return Object.fromEntries(
    Object.entries(STRUCTS).map(([k, [name, fields]]) => [
      k,
      structOffsets(name, mode, fields as readonly string[]),
    ]),
  ) as unknown as Offsets;
}

/** One guest: its domain, vCPU 0's registers, and its structs' offsets. */
export class Guest {
  readonly d: Domain;
  readonly s: Offsets;
  readonly bits: 32 | 64;
  /** Bytes of a guest handle inside a struct (4 for a 32-bit x86 guest, 8 otherwise). */
  readonly handleBytes: 4 | 8;
  /**
   * What the guest registered, as Xen answered it: vCPU i's vcpu_info offset in VCPU_INFO_GFN
   * (null: its shared_info slot) and runstate area address (null: none).
   */
  readonly vcpuInfoOff: (number | null)[] = [0, null];
  readonly runstateAddr: (number | null)[] = [null, null];
  /** HVM params the guest set on itself and Xen accepted, by index. */
  readonly params = new Map<number, bigint>();
  /** The bytes of VCPU_INFO_GFN at the offset a register_vcpu_info asks for, as they were. */
  asked: { readonly off: number; readonly bytes: Uint8Array } | null = null;
  /** Whether the guest set its own HVM_PARAM_CALLBACK_IRQ (hvm_latch_shinfo_size ran). */
  latched = false;
  private readonly words: Uint32Array;
  private readonly numberSlot: number;
  private readonly argSlots: readonly number[];
  private readonly resultSlot: number;

  constructor(
    readonly xen: Xen,
    readonly id: number,
    readonly peer: number,
    s: Offsets,
  ) {
    this.d = xen.domain(id);
    this.s = s;
    const info = MODE_INFO[this.d.mode];
    this.bits = info.bits;
    this.handleBytes = info.handleStructBytes;
    this.words = this.d.vcpus[0]!.regs.words;
    this.numberSlot = slotOf(this.d.mode, info.numberReg);
    this.argSlots = ARG_SLOTS[this.d.mode];
    this.resultSlot = slotOf(this.d.mode, info.resultReg);
  }

  /** Store `v` (below 2^53) little-endian in `len` bytes at guest address `addr`. */
  put(addr: number, len: number, v: number): void {
    const f = this.d.memory.frame(Math.floor(addr / PAGE_SIZE));
    let o = addr % PAGE_SIZE;
    let lo = v >>> 0;
    const hi = len > 4 ? hiWord(v) : 0;
    for (let i = 0; i < len; i++, o++) {
      f[o] = i < 4 ? lo & 0xff : (hi >>> ((i - 4) * 8)) & 0xff;
      if (i < 4) lo >>>= 8;
    }
  }

  /** The unsigned value of `len` (at most 4) bytes at `addr`, sign-extended when `signed`. */
  get(addr: number, len: number, signed = false): number {
    const f = this.d.memory.peekFrame(Math.floor(addr / PAGE_SIZE))!;
    const o = addr % PAGE_SIZE;
    let v = 0;
    for (let i = Math.min(len, 4) - 1; i >= 0; i--) v = v * 256 + f[o + i]!;
    if (signed && len < 4 && v >= 2 ** (len * 8 - 1)) v -= 2 ** (len * 8);
    return v;
  }

  private setReg(slot: number, v: number): void {
    const w = this.words;
    w[2 * slot] = v;
    w[2 * slot + 1] = this.bits === 64 && (v < 0 || v > 0xffffffff) ? hiWord(v) : 0;
  }

  /** Hypercall `nr` with three arguments from vCPU 0; the signed result. */
  call(nr: number, a0: number, a1: number, a2: number): number {
    this.setReg(this.numberSlot, nr);
    this.setReg(this.argSlots[0]!, a0);
    this.setReg(this.argSlots[1]!, a1);
    this.setReg(this.argSlots[2]!, a2);
    this.xen.execute(this.id, 0);
    const lo = this.words[2 * this.resultSlot]!;
    if (this.bits === 32) return lo | 0;
    return (this.words[2 * this.resultSlot + 1]! | 0) * 0x100000000 + lo;
  }
}

/** One machine with guests 1 and 2 of one mode, booted and set up alike. */
export class Twin {
  readonly xen: Xen;
  readonly guests: readonly [Guest, Guest];

  constructor(arch: XenArch, mode: GuestMode, release: string) {
    this.xen = new Xen({ arch, release: release as never });
    const s = compile(mode);
    for (const id of [1, 2]) {
      this.xen.createDomain({ id, mode, memory: FRAMES * PAGE_SIZE, vcpus: 2 });
      // The write check skips frames whose write count did not move (GuestMemory.writeVersion).
      this.xen.domain(id).memory.trackWrites();
    }
    this.guests = [new Guest(this.xen, 1, 2, s), new Guest(this.xen, 2, 1, s)];
    for (const g of this.guests) this.boot(g);
  }

  /** What every guest does first: a vcpu_info, its grant entries, bytes to copy. */
  private boot(g: Guest): void {
    const mem = g.d.memory;
    for (let f = 1; f < FRAMES; f++) mem.frame(f); // touch all: the check's copies cover them
    const src = mem.frame(SRC_GFN);
    for (let i = 0; i < PAGE_SIZE; i++) src[i] = (g.id * 31 + i * 7) & 0xff;
    // Frames Xen writes areas into hold no zero byte: a record that runs long shows.
    for (const gfn of [VCPU_INFO_GFN, RUNSTATE_GFN, RUNSTATE_GFN + 1]) {
      const f = mem.frame(gfn);
      for (let i = 0; i < PAGE_SIZE; i++) f[i] = ((g.id * 13 + i * 7) % 255) + 1;
    }
    const vi = g.s.vcpu_info;
    const at = OPS_GFN * PAGE_SIZE;
    g.put(at + vi.at.mfn, vi.len.mfn, VCPU_INFO_GFN);
    g.put(at + vi.at.offset, vi.len.offset, 0);
    if (g.call(24, 10, 0, at) !== 0) throw new Error("fuzz: register_vcpu_info failed at boot");
    // The entries as the guest writes them through its mapping of the table's frame.
    const page = gnttabOf(this.xen.state, g.d).shared[0]!;
    for (const [ref, flags, domid, gfn] of GRANTS) {
      const o = ref * 8;
      page[o] = flags;
      page[o + 1] = 0;
      const dom = domid < 0 ? g.peer : domid;
      page[o + 2] = dom & 0xff;
      page[o + 3] = dom >> 8;
      page[o + 4] = gfn & 0xff;
      page[o + 5] = (gfn >> 8) & 0xff;
      page[o + 6] = 0;
      page[o + 7] = 0;
    }
  }
}
