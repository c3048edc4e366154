/**
 * The 2-level event-channel ABI (xen/common/event_2l.c): pending and mask bitmaps in
 * shared_info, the pending selector and upcall flag in each vCPU's vcpu_info, laid out for
 * the domain's mode by the layout engine. Bits are numbered as Xen's little-endian bitops
 * number them, so bit p is bit p%8 of byte p/8 whatever the word size.
 */
import { type Domain, type Vcpu, isPvDomain, sharedInfoMode } from "../../machine/domain.js";
import type { EvtchnDomain, SharedInfoLayout, VcpuInfoArea } from "../../machine/events.js";
import { ECS_RESERVED, type Evtchn } from "../../machine/events.js";
import { layoutOf } from "../../table/structs.js";
import { fieldOf } from "../../abi/layout.js";
import { releaseDecides } from "../../machine/release-decided.js";
import type { XenState } from "../../machine/state.js";
import { DEFAULT_MAX_EVTCHN_PORT, EVTCHNS_PER_BUCKET } from "./constants.js";

function field(struct: string, name: string, d: Domain) {
  const mode = sharedInfoMode(d);
  const f = fieldOf(layoutOf(struct, mode), name);
  if (f === undefined) throw new Error(`${struct} has no ${name} for ${mode}`);
  return f;
}

/** Where the 2-level words are for this domain (has_32bit_shinfo: the compat layout). */
export function sharedInfoLayout(d: Domain): SharedInfoLayout {
  const pending = field("shared_info_t", "evtchn_pending", d);
  const vi = field("shared_info_t", "vcpu_info", d);
  return {
    pending: pending.offset,
    mask: field("shared_info_t", "evtchn_mask", d).offset,
    wordBits: pending.elemSize * 8,
    vcpuInfo: vi.offset,
    vcpuInfoSize: vi.elemSize,
    legacyVcpus: vi.count ?? 1,
    upcallPending: field("vcpu_info_t", "evtchn_upcall_pending", d).offset,
    pendingSel: field("vcpu_info_t", "evtchn_pending_sel", d).offset,
  };
}

function newChan(port: number): Evtchn {
  return { port, state: 0, notifyVcpu: 0, remoteDomid: 0, remotePort: 0, virq: 0 };
}

/** Add one bucket of free ports (alloc_evtchn_bucket). */
export function addBucket(e: EvtchnDomain): void {
  const base = e.chans.length;
  for (let i = 0; i < EVTCHNS_PER_BUCKET; i++) e.chans.push(newChan(base + i));
}

/**
 * evtchn_init (event_channel.c) with the 2-level ABI (evtchn_2l_init): the first bucket,
 * port 0 reserved.
 */
export function evtchnInit(d: Domain): void {
  const layout = sharedInfoLayout(d);
  const e: EvtchnDomain = {
    chans: [],
    active: 0,
    nextEvtchn: 0,
    maxPort: d.id === 0 ? 0x7fffffff : DEFAULT_MAX_EVTCHN_PORT,
    maxEvtchns: layout.wordBits * layout.wordBits,
    layout,
    dummyVcpuInfo: new Uint8Array(layout.vcpuInfoSize),
  };
  addBucket(e);
  e.chans[0]!.state = ECS_RESERVED;
  d.evtchn = e;
  if (isPvDomain(d)) maskLegacyUpcalls(d, layout);
}

/**
 * d->max_evtchns before XSA-342: evtchn_2l_init set it once, at domain creation, to
 * BITS_PER_EVTCHN_WORD(d) squared while has_32bit_shinfo was still clear for every domain (a
 * PV guest switches to 32 bits and an HVM guest latches its shared_info size later), so
 * BITS_PER_XEN_ULONG squared: 64 x 64 on x86_64 and Arm alike.
 */
export const FIXED_MAX_EVTCHNS = 4096;

/**
 * The most ports the 2-level ABI lets the domain allocate (evtchn_allocate_port) and, before
 * XSA-342, SCHEDOP_poll accept: max_evtchns(d) (xen/include/xen/event.h, from 4.12.4, 4.13.2,
 * 4.14.1 and 4.15.0: release difference evtchn2lLimitPerShinfo), which follows
 * has_32bit_shinfo, or d->max_evtchns before (FIXED_MAX_EVTCHNS). Only a 32-bit-shinfo x86
 * domain sees the two differ: 1024 against 4096.
 */
export function evtchnPortLimit(xen: XenState, e: EvtchnDomain): number {
  if (e.maxEvtchns === FIXED_MAX_EVTCHNS) return FIXED_MAX_EVTCHNS;
  return releaseDecides(xen, "evtchn2lLimitPerShinfo") ? e.maxEvtchns : FIXED_MAX_EVTCHNS;
}

/**
 * has_32bit_shinfo changed (an HVM domain's hvm_latch_shinfo_size): Xen converts nothing in
 * the page, it reads the same bytes in the other layout from then on, and max_evtchns(d)
 * follows the word size (4.12.4, 4.13.2, 4.14.1, 4.15+; evtchnPortLimit).
 */
export function relayOutSharedInfo(d: Domain): void {
  const e = d.evtchn;
  if (e === null) return;
  e.layout = sharedInfoLayout(d);
  e.maxEvtchns = e.layout.wordBits * e.layout.wordBits;
}

/**
 * A PV domain starts with upcalls masked in every legacy vcpu_info: the domain builders set
 * evtchn_upcall_mask before the guest runs (xen/arch/x86/pv/dom0_build.c: dom0_construct_pv
 * for dom0, tools/libs/guest/xg_dom_x86.c: shared_info_x86_64/_x86_32 for a domU). HVM and
 * Arm guests have no such mask that Xen reads.
 */
function maskLegacyUpcalls(d: Domain, l: SharedInfoLayout): void {
  const mask = field("vcpu_info_t", "evtchn_upcall_mask", d).offset;
  for (let i = 0; i < l.legacyVcpus; i++) d.sharedInfo[l.vcpuInfo + i * l.vcpuInfoSize + mask] = 1;
}

function testBit(b: Uint8Array, off: number, bit: number): boolean {
  return (b[off + (bit >>> 3)]! & (1 << (bit & 7))) !== 0;
}

function testAndSet(b: Uint8Array, off: number, bit: number): boolean {
  const i = off + (bit >>> 3);
  const m = 1 << (bit & 7);
  const was = (b[i]! & m) !== 0;
  b[i] = b[i]! | m;
  return was;
}

function testAndClear(b: Uint8Array, off: number, bit: number): boolean {
  const i = off + (bit >>> 3);
  const m = 1 << (bit & 7);
  const was = (b[i]! & m) !== 0;
  b[i] = b[i]! & ~m;
  return was;
}

/**
 * vcpu_info(v, ...): the registered area, else the legacy slot in shared_info, else Xen's
 * dummy_vcpu_info (a vCPU beyond XEN_LEGACY_MAX_VCPUS that registered none).
 */
export function vcpuInfoAt(
  d: Domain,
  e: EvtchnDomain,
  v: Vcpu,
): { bytes: Uint8Array; off: number } {
  if (v.vcpuInfo !== null) return { bytes: v.vcpuInfo.page, off: v.vcpuInfo.offset };
  const l = e.layout;
  if (v.id < l.legacyVcpus) return { bytes: d.sharedInfo, off: l.vcpuInfo + v.id * l.vcpuInfoSize };
  return { bytes: e.dummyVcpuInfo, off: 0 };
}

/** vcpu_mark_events_pending: set evtchn_upcall_pending (bit 0 of the byte). */
function markEventsPending(d: Domain, e: EvtchnDomain, v: Vcpu): void {
  const vi = vcpuInfoAt(d, e, v);
  testAndSet(vi.bytes, vi.off + e.layout.upcallPending, 0);
}

/** evtchn_2l_set_pending (event_2l.c). */
export function setPending(d: Domain, vcpuId: number, chn: Evtchn): void {
  const e = d.evtchn!;
  const l = e.layout;
  const si = d.sharedInfo;
  const port = chn.port;
  if (testAndSet(si, l.pending, port)) return;
  const v = d.vcpus[vcpuId];
  if (v === undefined) return;
  const vi = vcpuInfoAt(d, e, v);
  if (
    !testBit(si, l.mask, port) &&
    !testAndSet(vi.bytes, vi.off + l.pendingSel, Math.floor(port / l.wordBits))
  )
    markEventsPending(d, e, v);
}

/** evtchn_2l_clear_pending. */
export function clearPending(d: Domain, chn: Evtchn): void {
  const e = d.evtchn!;
  testAndClear(d.sharedInfo, e.layout.pending, chn.port);
}

/** evtchn_2l_unmask. */
export function unmask2l(d: Domain, chn: Evtchn): void {
  const e = d.evtchn!;
  const l = e.layout;
  const si = d.sharedInfo;
  const v = d.vcpus[chn.notifyVcpu]!;
  const vi = vcpuInfoAt(d, e, v);
  if (
    testAndClear(si, l.mask, chn.port) &&
    testBit(si, l.pending, chn.port) &&
    !testAndSet(vi.bytes, vi.off + l.pendingSel, Math.floor(chn.port / l.wordBits))
  )
    markEventsPending(d, e, v);
}

/** Ports pending and not masked in shared_info, ascending: what an upcall handler finds. */
export function pendingPorts(d: Domain): number[] {
  const e = d.evtchn;
  if (e === null) return [];
  const out: number[] = [];
  for (let p = 0; p < e.maxEvtchns; p++)
    if (testBit(d.sharedInfo, e.layout.pending, p) && !testBit(d.sharedInfo, e.layout.mask, p))
      out.push(p);
  return out;
}

/** evtchn_upcall_pending and evtchn_pending_sel of a vCPU's vcpu_info, as Xen left them. */
export function vcpuEventState(d: Domain, v: Vcpu): { upcallPending: number; pendingSel: bigint } {
  const e = d.evtchn!;
  const vi = vcpuInfoAt(d, e, v);
  let sel = 0n;
  for (let i = e.layout.wordBits / 8 - 1; i >= 0; i--)
    sel = (sel << 8n) | BigInt(vi.bytes[vi.off + e.layout.pendingSel + i]!);
  return { upcallPending: vi.bytes[vi.off + e.layout.upcallPending]!, pendingSel: sel };
}

/**
 * A vCPU's vcpu_info moves to `area` (map_guest_area with vcpu_info_populate): copy the old
 * contents (zeroes, plus evtchn_upcall_mask = 1 on x86, when it had none), switch, then set
 * every evtchn_pending_sel bit and mark events pending so none is lost.
 */
export function markAllPending(d: Domain, v: Vcpu, area: VcpuInfoArea, size: number): void {
  const e = d.evtchn!;
  const old = vcpuInfoAt(d, e, v);
  if (old.bytes === e.dummyVcpuInfo) {
    area.page.fill(0, area.offset, area.offset + size);
    // XEN_HAVE_PV_UPCALL_MASK (x86 only): the new area starts with upcalls masked.
    const mask = fieldOf(layoutOf("vcpu_info_t", sharedInfoMode(d)), "evtchn_upcall_mask");
    if (mask !== undefined) area.page[area.offset + mask.offset] = 1;
  } else area.page.set(old.bytes.subarray(old.off, old.off + size), area.offset);
  v.vcpuInfo = area;
  const sel = area.offset + e.layout.pendingSel;
  area.page.fill(0xff, sel, sel + e.layout.wordBits / 8);
  markEventsPending(d, e, v);
}

/** evtchn_2l_is_pending: the port's bit in shared_info.evtchn_pending (ports past max: no). */
export function isPending2l(d: Domain, port: number): boolean {
  const e = d.evtchn!;
  return port < e.maxEvtchns && testBit(d.sharedInfo, e.layout.pending, port);
}

/** evtchn_upcall_mask of v's vcpu_info (x86; 0 where the layout has none). */
export function upcallMask(d: Domain, v: Vcpu): number {
  const e = d.evtchn!;
  const f = fieldOf(layoutOf("vcpu_info_t", sharedInfoMode(d)), "evtchn_upcall_mask");
  if (f === undefined) return 0;
  const vi = vcpuInfoAt(d, e, v);
  return vi.bytes[vi.off + f.offset]!;
}

/** x86 local_event_delivery_enable: clear evtchn_upcall_mask in v's vcpu_info. */
export function enableEventDelivery(d: Domain, v: Vcpu): void {
  const e = d.evtchn!;
  const f = fieldOf(layoutOf("vcpu_info_t", sharedInfoMode(d)), "evtchn_upcall_mask");
  if (f === undefined) return;
  const vi = vcpuInfoAt(d, e, v);
  vi.bytes[vi.off + f.offset] = 0;
  if (v.vcpuInfo !== null) d.memory.noteWrite(v.vcpuInfo.gfn);
}
