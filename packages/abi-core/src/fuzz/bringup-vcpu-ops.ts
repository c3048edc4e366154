/**
 * The bring-up fuzzer's vcpu_op and hvm_op requests: each drawn once as a logical request,
 * laid out in each guest's own structs and issued on both twins by bringup-ops.ts, which
 * compares the answers. What a guest registers (vcpu_info, runstate areas) and sets (HVM
 * params) is kept in its Guest as Xen answered it: the areas become places Xen may write on
 * every later call, and checkRegistrations holds the machine to them.
 *
 * VCPUOP_initialise, up and down are left out: the vCPUs stay as the domain was built
 * (vCPU 0 up, vCPU 1 down).
 */
import { DOMID_SELF } from "../hypercalls/event_channel_op/constants.js";
import { isHvmDomain, isPvDomain } from "../machine/domain.js";
import { PAGE_SIZE } from "../machine/memory.js";
import type { Allowed } from "./bringup-check.js";
import {
  FRAMES,
  OPS_GFN,
  RUNSTATE_GFN,
  VCPU_INFO_GFN,
  type Guest,
  type Twin,
} from "./bringup-world.js";
import { fail } from "./violation.js";

const VCPU_OP = 24;
const HVM_OP = 34;
const OPS = OPS_GFN * PAGE_SIZE;
const RUNSTATE = RUNSTATE_GFN * PAGE_SIZE;

/** public/vcpu.h and public/hvm/hvm_op.h numbers the requests use. */
const VCPUOP_is_up = 3;
const VCPUOP_get_runstate_info = 4;
const VCPUOP_register_runstate_memory_area = 5;
const VCPUOP_set_periodic_timer = 6;
const VCPUOP_stop_periodic_timer = 7;
const VCPUOP_set_singleshot_timer = 8;
const VCPUOP_stop_singleshot_timer = 9;
const VCPUOP_register_vcpu_info = 10;
const HVMOP_set_param = 0;
const HVMOP_get_param = 1;
const HVM_PARAM_CALLBACK_IRQ = 0;
const HVM_PARAM_X87_FIP_WIDTH = 36;

export const K_ISUP = 18,
  K_VINFO = 19,
  K_RS_AREA = 20,
  K_RS_INFO = 21,
  K_PERIODIC = 22,
  K_SSHOT = 23,
  K_VCPU_OTHER = 24,
  K_SETPARAM = 25,
  K_GETPARAM = 26,
  K_HVM_OTHER = 27;

/** The kinds by slot of VCPU_HVM_SLOTS: hvm_op's params weigh most (they move shared_info). */
const SLOTS: readonly number[] = [
  K_ISUP,
  K_VINFO,
  K_VINFO,
  K_RS_AREA,
  K_RS_AREA,
  K_RS_INFO,
  K_PERIODIC,
  K_SSHOT,
  K_SSHOT,
  K_VCPU_OTHER,
  K_SETPARAM,
  K_SETPARAM,
  K_SETPARAM,
  K_GETPARAM,
  K_GETPARAM,
  K_HVM_OTHER,
];
export const VCPU_HVM_SLOTS = SLOTS.length;
export function vcpuHvmKind(slot: number): number {
  return SLOTS[slot]!;
}

/** The request's fields as bringup-ops.ts draws them (a: small, b, c, e: any u32). */
interface Q {
  readonly kind: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly e: number;
}

/** A read after the call: [address, length, signed]. */
type Out = [number, number, boolean];

/** vCPU 0 and 1 mostly, then one that does not exist and ids far past any. */
function vcpuIdOf(x: number): number {
  const r = x % 16;
  return r < 7 ? 0 : r < 13 ? 1 : [2, 64, 0xffffffff][r - 13]!;
}

/** The caller's own domid, DOMID_SELF, its peer or a domain that does not exist, by `x`. */
function paramDomOf(g: Guest, x: number): number {
  const r = x % 8;
  return r < 4 ? DOMID_SELF : r < 6 ? g.id : r === 6 ? g.peer : 77;
}

/** Store a 64-bit value given as 32-bit halves. */
function put64(g: Guest, addr: number, lo: number, hi: number): void {
  g.put(addr, 4, lo >>> 0);
  g.put(addr + 4, 4, hi >>> 0);
}

/** Read the 64-bit field at `addr` as two 32-bit halves, low first. */
function out64(out: Out[], addr: number): void {
  out.push([addr, 4, false], [addr + 4, 4, false]);
}

/**
 * vcpu_info offsets in VCPU_INFO_GFN: aligned for either ABI's xen_ulong_t (8: a 4-aligned
 * offset is legal for a compat shared_info only, where the twins part ways by design),
 * the last place that fits, one that runs off the page, odd ones, and vCPU 0's own.
 */
const VINFO_OFFSETS = [64, 128, 256, 2048, 4032, 4064, 4088, 65, 2, 0] as const;
/** Runstate area offsets in RUNSTATE_GFN: 8-aligned, the end of the page, and into gfn 9. */
const RS_OFFSETS = [0, 48, 96, 1000, 4048, 4052, 4090] as const;
/** set_periodic_timer periods [lo, hi]: 0, just under and at MILLISECS(1), STIME_DELTA_MAX and past. */
const PERIODS = [
  [0, 0],
  [999_999, 0],
  [1_000_000, 0],
  [10_000_000, 0],
  [0xffffffff, 0x3fffffff],
  [0, 0x40000000],
  [0xffffffff, 0xffffffff],
] as const;
/** set_singleshot_timer timeouts [lo, hi]: now (0 in the machine), a second on, far ahead. */
const TIMEOUTS = [
  [0, 0],
  [1_000_000_000, 0],
  [0, 0x80000000],
] as const;
/** HVM param indexes: CALLBACK_IRQ most, some guest-settable, some not, and none at all. */
const PARAMS = [0, 0, 0, 0, 2, 36, 10, 1, 35, 39, 0x7fffffff] as const;
/** CALLBACK_IRQ vias [lo, hi]: none, GSI 5, PCI INTx 0:3 pin 1, vector 0xf3 (as Linux sets). */
const VIAS = [
  [0, 0],
  [5, 0],
  [(3 << 11) | 1, 0x01000000],
  [0xf3, 0x02000000],
] as const;
/** Other values [lo, hi] (X87_FIP_WIDTH takes 0, 4 and 8). */
const VALUES = [
  [0, 0],
  [4, 0],
  [8, 0],
  [5, 0],
  [0xffffffff, 0xffffffff],
] as const;
/** hvm_op numbers with no case in do_hvm_op (x86 and Arm, 4.12-4.22). */
const HVM_UNKNOWN = [2, 3, 4, 6, 7, 8, 26, 100, 0x7fffffff] as const;
/** vcpu_op cmds with no case in common_vcpu_op (x86) or Arm's filter. */
const VCPU_UNKNOWN = [16, 17, 99, 0x7fffffff, 0xffffffff] as const;

/** Whether [addr, addr + size) lies in the guest frames the checks cover (1 to FRAMES - 1). */
function inChecked(addr: number, size: number): boolean {
  return addr >= PAGE_SIZE && addr + size <= FRAMES * PAGE_SIZE;
}

/** Allow the bytes [addr, addr + size) of g's memory, frame by frame. */
function allowSpan(allowed: Allowed, g: Guest, addr: number, size: number): void {
  if (!inChecked(addr, size)) return;
  for (let at = addr; at < addr + size;) {
    const gfn = Math.floor(at / PAGE_SIZE);
    const end = Math.min(addr + size, (gfn + 1) * PAGE_SIZE);
    allowed.range(g.id, gfn, at % PAGE_SIZE, end - gfn * PAGE_SIZE);
    at = end;
  }
}

/** What Xen may write for g at any time: its vcpu_info areas and runstate areas. */
export function registeredAreas(g: Guest, allowed: Allowed): void {
  const vi = g.s.vcpu_info_t.size;
  for (const off of g.vcpuInfoOff)
    if (off !== null) allowed.range(g.id, VCPU_INFO_GFN, off, off + vi);
  for (const addr of g.runstateAddr)
    if (addr !== null) allowSpan(allowed, g, addr, g.s.runstate.size);
}

/** The call for `q` from g: [hypercall, arg0, arg1, arg2], its structs stored at OPS. */
export function prepareVcpuHvm(g: Guest, q: Q, allowed: Allowed, out: Out[]): number[] {
  const vcpu = vcpuIdOf(q.c);
  switch (q.kind) {
    case K_ISUP:
      return [VCPU_OP, VCPUOP_is_up, vcpu, OPS];
    case K_VINFO: {
      // Mostly vCPU 1 (registered once per world), else vCPU 0's second registration. Frames
      // past the guest's memory, and one whose gaddr wraps (4.18+'s gfn check); never RAM
      // elsewhere: the checks compare an area Xen writes unnoted only in VCPU_INFO_GFN.
      const x = g.s.vcpu_info;
      const mfn = [VCPU_INFO_GFN, VCPU_INFO_GFN, VCPU_INFO_GFN, FRAMES, 0x7ff, 2 ** 52][q.e % 6]!;
      const off = VINFO_OFFSETS[q.b % VINFO_OFFSETS.length]!;
      g.put(OPS + x.at.mfn, x.len.mfn, mfn);
      g.put(OPS + x.at.offset, x.len.offset, off);
      // The guest asks for a vcpu_info there: Xen's first event state lands in it, if Xen
      // says yes (settleVcpuHvm checks a no wrote nothing there).
      g.asked = null;
      if (mfn === VCPU_INFO_GFN) {
        const end = Math.min(off + g.s.vcpu_info_t.size, PAGE_SIZE);
        allowed.range(g.id, VCPU_INFO_GFN, off, end);
        g.asked = { off, bytes: g.d.memory.peekFrame(VCPU_INFO_GFN)!.slice(off, end) };
      }
      return [VCPU_OP, VCPUOP_register_vcpu_info, vcpu, OPS];
    }
    case K_RS_AREA: {
      const r = q.e % 8;
      // In RUNSTATE_GFN, NULL, a frame past the guest's memory.
      const addr = r < 6 ? RUNSTATE + RS_OFFSETS[q.b % RS_OFFSETS.length]! : r === 6 ? 0 : 0x7ff000;
      g.put(OPS, g.handleBytes, addr);
      allowSpan(allowed, g, addr, g.s.runstate.size);
      // What Xen wrote there, read in the guest's layout (when it is in one page).
      if (inChecked(addr, 0) && (addr % PAGE_SIZE) + g.s.runstate.size <= PAGE_SIZE)
        readRunstate(g, addr, out);
      return [VCPU_OP, VCPUOP_register_runstate_memory_area, vcpu, OPS];
    }
    case K_RS_INFO:
      readRunstate(g, OPS, out);
      return [VCPU_OP, VCPUOP_get_runstate_info, vcpu, OPS];
    case K_PERIODIC: {
      if (q.b & 1) return [VCPU_OP, VCPUOP_stop_periodic_timer, vcpu, OPS];
      const [lo, hi] = PERIODS[(q.b >>> 1) % PERIODS.length]!;
      put64(g, OPS + g.s.periodic.at.period_ns, lo, hi);
      return [VCPU_OP, VCPUOP_set_periodic_timer, vcpu, OPS];
    }
    case K_SSHOT: {
      if (q.b & 1) return [VCPU_OP, VCPUOP_stop_singleshot_timer, vcpu, OPS];
      const x = g.s.singleshot;
      const [lo, hi] = TIMEOUTS[(q.b >>> 1) % TIMEOUTS.length]!;
      put64(g, OPS + x.at.timeout_abs_ns, lo, hi);
      g.put(OPS + x.at.flags, 4, q.e & 1);
      return [VCPU_OP, VCPUOP_set_singleshot_timer, vcpu, OPS];
    }
    case K_VCPU_OTHER:
      return [VCPU_OP, VCPU_UNKNOWN[q.b % VCPU_UNKNOWN.length]!, vcpu, OPS];
    case K_SETPARAM:
    case K_GETPARAM: {
      const x = g.s.hvm_param;
      let index = PARAMS[q.b % PARAMS.length]!;
      // X87_FIP_WIDTH reads the host CPU's until set: not modelled, so not read before.
      if (q.kind === K_GETPARAM && index === HVM_PARAM_X87_FIP_WIDTH && !g.params.has(index))
        index = HVM_PARAM_CALLBACK_IRQ;
      const [lo, hi] =
        index === HVM_PARAM_CALLBACK_IRQ ? VIAS[q.e % VIAS.length]! : VALUES[q.e % VALUES.length]!;
      g.put(OPS + x.at.domid, 2, paramDomOf(g, q.c));
      g.put(OPS + x.at.index, 4, index);
      if (q.kind === K_GETPARAM) {
        // domid and index are the request (issue() zeroes what it reads back): value only.
        out64(out, OPS + x.at.value);
        return [HVM_OP, HVMOP_get_param, OPS, 0];
      }
      put64(g, OPS + x.at.value, lo, hi);
      return [HVM_OP, HVMOP_set_param, OPS, 0];
    }
    default:
      return [HVM_OP, HVM_UNKNOWN[q.b % HVM_UNKNOWN.length]!, OPS, 0];
  }
}

/** The runstate record at `addr` in g's layout: state, state_entry_time, time[0..3]. */
function readRunstate(g: Guest, addr: number, out: Out[]): void {
  const x = g.s.runstate;
  out.push([addr + x.at.state, 4, true]);
  out64(out, addr + x.at.state_entry_time);
  for (let i = 0; i < 4; i++) out64(out, addr + x.at.time + 8 * i);
}

/**
 * After the call (rc its result, ans the answer from bringup-ops.ts): what the guest now
 * knows it registered or set. A get_param of a param the guest set on itself must give back
 * the value it set (x86 hvm_get_param's default, Arm's d->arch.hvm.params: the value as set).
 */
export function settleVcpuHvm(
  g: Guest,
  q: Q,
  call: readonly number[],
  ans: readonly number[],
): void {
  const rc = ans[0]!;
  if (rc !== 0) {
    if (q.kind === K_VINFO && g.asked !== null) refusedWroteNothing(g, g.asked, rc);
    return;
  }
  const [, cmd, vcpu] = call as [number, number, number];
  switch (q.kind) {
    case K_VINFO:
      g.vcpuInfoOff[vcpu] = g.get(OPS + g.s.vcpu_info.at.offset, 4);
      break;
    case K_RS_AREA:
      g.runstateAddr[vcpu] =
        g.get(OPS, 4) + (g.handleBytes === 8 ? g.get(OPS + 4, 4) * 2 ** 32 : 0);
      break;
    case K_SETPARAM:
    case K_GETPARAM: {
      const x = g.s.hvm_param;
      const dom = g.get(OPS + x.at.domid, 2);
      if (dom !== DOMID_SELF && dom !== g.id) break;
      const index = g.get(OPS + x.at.index, 4);
      const value =
        (BigInt(g.get(OPS + x.at.value + 4, 4)) << 32n) | BigInt(g.get(OPS + x.at.value, 4));
      if (cmd === HVMOP_set_param) {
        g.params.set(index, value);
        // x86 hvm_set_param latches; Arm keeps the value and nothing else (xen/arch/arm/hvm.c).
        if (index === HVM_PARAM_CALLBACK_IRQ && g.xen.arch === "x86_64") g.latched = true;
      } else if (g.params.has(index) && g.params.get(index) !== value)
        fail(
          `d${g.id} get_param(${index}) gave ${value}, but the guest set ${g.params.get(index)}`,
        );
      break;
    }
  }
}

/**
 * A register_vcpu_info Xen refused wrote nothing at the place it asked for, but where a
 * vcpu_info already registered there lives (4.14.4-4.17 update the caller's time whatever
 * map_vcpu_info returned).
 */
function refusedWroteNothing(g: Guest, asked: NonNullable<Guest["asked"]>, rc: number): void {
  const f = g.d.memory.peekFrame(VCPU_INFO_GFN)!;
  const size = g.s.vcpu_info_t.size;
  for (let i = 0; i < asked.bytes.length; i++) {
    const at = asked.off + i;
    if (f[at] === asked.bytes[i]) continue;
    if (g.vcpuInfoOff.some((o) => o !== null && at >= o && at < o + size)) continue;
    fail(`d${g.id}: register_vcpu_info answered ${rc} but wrote VCPU_INFO_GFN offset ${at}`);
  }
}

/**
 * After every call, on each guest of the twin:
 *  - each vCPU's vcpu_info is where the guest registered it and Xen said yes (a failed or
 *    second registration moves nothing: common_vcpu_op's -EBUSY, map_vcpu_info's -EINVAL);
 *  - has_32bit_shinfo is what the guest's ABI made it: a PV guest's from creation, an x86 HVM
 *    guest's the mode it set its own HVM_PARAM_CALLBACK_IRQ from (hvm_latch_shinfo_size), 0
 *    before; Arm has none. The pending check reads shared_info in that layout.
 */
export function checkRegistrations(t: Twin): void {
  for (const g of t.guests) {
    const d = g.d;
    for (let i = 0; i < g.vcpuInfoOff.length; i++) {
      const want = g.vcpuInfoOff[i];
      const got = d.vcpus[i]!.vcpuInfo;
      if (want === null ? got !== null : got?.gfn !== VCPU_INFO_GFN || got.offset !== want)
        fail(
          `d${d.id} vCPU ${i}: vcpu_info at ${got === null ? "its shared_info slot" : `gfn ${got.gfn} offset ${got.offset}`}, registered at ${want === null ? "none" : `offset ${want}`}`,
        );
    }
    const compat = isPvDomain(d) ? d.mode === "pv32" : isHvmDomain(d) && g.latched && g.bits === 32;
    if (d.has32bitShinfo !== compat)
      fail(`d${d.id}: has_32bit_shinfo is ${d.has32bitShinfo}, the guest's ABI made it ${compat}`);
  }
}
