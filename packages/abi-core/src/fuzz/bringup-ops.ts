/**
 * The bring-up fuzzer's calls: random and hostile event_channel_op, memory_op and
 * grant_table_op requests here, vcpu_op and hvm_op ones in bringup-vcpu-ops.ts, each drawn
 * once as a logical request and issued on both twins (the 64-bit and the 32-bit ABI), struct
 * by struct in each guest's own layout. What each answer says (the result, the ports,
 * statuses, sizes and records written back, field by field) must agree between the twins;
 * after each call the write and pending checks of bringup-check.ts and the registration
 * checks of bringup-vcpu-ops.ts run on its machine.
 */
import { DOMID_SELF } from "../hypercalls/event_channel_op/constants.js";
import { gnttabOf } from "../hypercalls/grant_table_op/io.js";
import { PAGE_SIZE } from "../machine/memory.js";
import type { Allowed } from "./bringup-check.js";
import { type BringupCheck } from "./bringup-check.js";
import {
  BALLOON,
  DST_GFN,
  EXT_GFN,
  FRAMES,
  MAP_GFN,
  OPS_GFN,
  SRC_GFN,
  type Guest,
  type Twin,
} from "./bringup-world.js";
import type { Rng } from "./rng.js";
import { fail } from "./violation.js";
import { isPvDomain } from "../machine/domain.js";
import {
  checkRegistrations,
  K_ISUP,
  prepareVcpuHvm,
  registeredAreas,
  settleVcpuHvm,
  VCPU_HVM_SLOTS,
  vcpuHvmKind,
} from "./bringup-vcpu-ops.js";

const EVTCHN = 32;
const MEMORY = 12;
const GNTTAB = 20;
const OPS = OPS_GFN * PAGE_SIZE;
const EXT = EXT_GFN * PAGE_SIZE;

/** One logical request: what to do, with every value already drawn. */
export interface Req {
  readonly kind: number;
  readonly who: 0 | 1;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly e: number;
  /** Compare the twins' answers (not in a world with garbage, where the twins may differ). */
  readonly compare: boolean;
}

const K_ALLOC = 0,
  K_INTER = 1,
  K_VIRQ = 2,
  K_IPI = 3,
  K_CLOSE = 4,
  K_SEND = 5,
  K_UNMASK = 6,
  K_STATUS = 7,
  K_BINDVCPU = 8,
  K_RESET = 9,
  K_RESQUERY = 10,
  K_BALLOON = 11,
  K_QSIZE = 12,
  K_SWAP = 13,
  K_COPY = 14,
  K_MAP = 15,
  K_UNMAP = 16,
  K_RAW = 17;

/**
 * Draw one request. Ports are small: a 32-bit guest's 2-level ABI has 1024 of them. Garbage
 * (whose meaning differs by layout, so the twins may part ways) only when `hostile`.
 */
export function drawReq(rng: Rng, hostile: boolean): Req {
  const r0 = rng.int(hostile ? 100 + VCPU_HVM_SLOTS : 94 + VCPU_HVM_SLOTS);
  // The vcpu_op and hvm_op kinds take the VCPU_HVM_SLOTS draws after K_UNMAP's.
  const vh = r0 >= 94 && r0 < 94 + VCPU_HVM_SLOTS;
  const r = r0 < 94 ? r0 : r0 - VCPU_HVM_SLOTS;
  let kind =
    r < 10
      ? K_ALLOC
      : r < 18
        ? K_INTER
        : r < 24
          ? K_VIRQ
          : r < 28
            ? K_IPI
            : r < 36
              ? K_CLOSE
              : r < 46
                ? K_SEND
                : r < 50
                  ? K_UNMASK
                  : r < 55
                    ? K_STATUS
                    : r < 58
                      ? K_BINDVCPU
                      : r < 59
                        ? K_RESET
                        : r < 63
                          ? K_RESQUERY
                          : r < 69
                            ? K_BALLOON
                            : r < 71
                              ? K_QSIZE
                              : r < 75
                                ? K_SWAP
                                : r < 85
                                  ? K_COPY
                                  : r < 90
                                    ? K_MAP
                                    : r < 94
                                      ? K_UNMAP
                                      : K_RAW;
  if (vh) kind = vcpuHvmKind(r0 - 94);
  const port = rng.chance(0.9) ? rng.int(12) : rng.pick([1023, 1024, 4095, 0x7fffffff]);
  return {
    kind,
    who: rng.chance(0.5) ? 0 : 1,
    a: port,
    b: rng.u32(),
    c: rng.u32(),
    e: rng.u32(),
    compare: !hostile,
  };
}

/** The caller's peer domid, itself, DOMID_SELF or a domain that does not exist, by `x`. */
function domOf(g: Guest, x: number): number {
  return [g.peer, g.id, DOMID_SELF, 77][x & 3]!;
}

/**
 * Issue `q` from its guest on twin `t`, with the writes it may make in `allowed`; returns the
 * answer as numbers (the result first, then what the call wrote back).
 */
export function issue(t: Twin, check: BringupCheck, q: Req, allowed: Allowed): number[] {
  const g = t.guests[q.who];
  const s = g.s;
  allowed.clear();
  allowed.frame(g.id, OPS_GFN);
  allowed.frame(g.id, EXT_GFN);
  for (const o of t.guests) registeredAreas(o, allowed);
  let nr = EVTCHN;
  let cmd = 0;
  let count = 0;
  let arg = OPS;
  const out: [number, number, boolean][] = []; // [address, length, signed] read back
  const put = (off: number, len: number, v: number) => g.put(OPS + off, len, v);
  const vh = q.kind >= K_ISUP ? prepareVcpuHvm(g, q, allowed, out) : null;
  // vcpu_op(cmd, vcpuid, arg) and hvm_op(op, arg) take their arguments in this order too.
  switch (vh === null ? q.kind : -1) {
    case -1:
      [nr, cmd, arg, count] = vh as [number, number, number, number];
      break;
    case K_ALLOC: {
      const x = s.alloc_unbound;
      put(x.at.dom, x.len.dom, q.b & 1 ? DOMID_SELF : g.id);
      put(x.at.remote_dom, x.len.remote_dom, domOf(g, q.c));
      cmd = 6;
      out.push([OPS + x.at.port, 4, false]);
      break;
    }
    case K_INTER: {
      const x = s.bind_interdomain;
      put(x.at.remote_dom, x.len.remote_dom, domOf(g, q.c));
      put(x.at.remote_port, x.len.remote_port, q.a);
      cmd = 0;
      out.push([OPS + x.at.local_port, 4, false]);
      break;
    }
    case K_VIRQ: {
      const x = s.bind_virq;
      put(x.at.virq, 4, q.b % 26);
      put(x.at.vcpu, 4, q.c % 3);
      cmd = 1;
      out.push([OPS + x.at.port, 4, false]);
      break;
    }
    case K_IPI: {
      const x = s.bind_ipi;
      put(x.at.vcpu, 4, q.c % 3);
      cmd = 7;
      out.push([OPS + x.at.port, 4, false]);
      break;
    }
    case K_CLOSE:
    case K_SEND:
    case K_UNMASK:
      put(s.port.at.port, 4, q.a);
      cmd = q.kind === K_CLOSE ? 3 : q.kind === K_SEND ? 4 : 9;
      break;
    case K_STATUS: {
      const x = s.status;
      put(x.at.dom, x.len.dom, domOf(g, q.c));
      put(x.at.port, 4, q.a);
      cmd = 5;
      out.push([OPS + x.at.status, 4, false], [OPS + x.at.vcpu, 4, false]);
      break;
    }
    case K_BINDVCPU:
      put(s.bind_vcpu.at.port, 4, q.a);
      put(s.bind_vcpu.at.vcpu, 4, q.c % 3);
      cmd = 8;
      break;
    case K_RESET:
      put(s.reset.at.dom, s.reset.len.dom, q.c & 1 ? DOMID_SELF : g.peer);
      cmd = 10;
      break;
    case K_RESQUERY:
      // current_reservation, maximum_reservation, maximum_gpfn: arg is a domid_t.
      nr = MEMORY;
      cmd = [3, 4, 14][q.b % 3]!;
      put(0, 2, domOf(g, q.c));
      break;
    case K_BALLOON: {
      // decrease_reservation or populate_physmap of one extent of the balloon frames.
      nr = MEMORY;
      cmd = q.b & 1 ? 1 : 6;
      const x = s.reservation;
      const gfn = BALLOON[q.c % 4]!;
      const order = q.e % 8 === 0 ? 1 : 0;
      g.put(EXT, g.bits === 64 ? 8 : 4, gfn);
      put(x.at.extent_start, x.len.extent_start, EXT);
      put(x.at.nr_extents, x.len.nr_extents, q.e % 16 === 1 ? 2 : 1);
      put(x.at.extent_order, 4, order);
      put(x.at.mem_flags, 4, 0);
      put(x.at.domid, x.len.domid, q.e % 32 === 3 ? g.peer : DOMID_SELF);
      for (const b of BALLOON) allowed.remap(g.id, b);
      allowed.remap(g.id, MAP_GFN);
      break;
    }
    case K_QSIZE:
      nr = GNTTAB;
      cmd = 6;
      count = 1;
      put(s.query_size.at.dom, s.query_size.len.dom, domOf(g, q.c));
      out.push(
        [OPS + s.query_size.at.nr_frames, 4, false],
        [OPS + s.query_size.at.max_nr_frames, 4, false],
        [OPS + s.query_size.at.status, 2, true],
      );
      break;
    case K_SWAP:
      nr = GNTTAB;
      cmd = 11;
      count = 1;
      put(s.swap.at.ref_a, 4, q.a < 6 ? q.a + 8 : q.b % 600);
      put(s.swap.at.ref_b, 4, q.c % 16);
      out.push([OPS + s.swap.at.status, 2, true]);
      break;
    case K_COPY: {
      nr = GNTTAB;
      cmd = 5;
      count = 1;
      const x = s.copy;
      const srcGref = (q.b & 1) !== 0;
      const dstGref = (q.b & 2) !== 0;
      const off = q.c % PAGE_SIZE;
      const len = [0, 1, 16, 512, PAGE_SIZE - off, PAGE_SIZE - off + 1][q.e % 6]!;
      const ref = 8 + ((q.e >>> 8) % 4);
      put(x.at["source.u"], x.len["source.u"], srcGref ? ref : SRC_GFN);
      put(x.at["source.domid"], 2, srcGref ? domOf(g, q.b >>> 4) : DOMID_SELF);
      put(x.at["source.offset"], 2, (q.e >>> 16) % PAGE_SIZE);
      put(x.at["dest.u"], x.len["dest.u"], dstGref ? ref : DST_GFN);
      put(x.at["dest.domid"], 2, dstGref ? g.peer : DOMID_SELF);
      put(x.at["dest.offset"], 2, off);
      put(x.at.len, 2, len & 0xffff);
      put(x.at.flags, 2, (srcGref ? 1 : 0) | (dstGref ? 2 : 0) | (q.b & 0x100 ? 4 : 0));
      // The destination the guest asked for: its own frame, or what the peer granted.
      if (dstGref) {
        // Whatever frame the peer's entry names now (swap_grant_ref moves entries around).
        const e = gnttabOf(t.xen.state, t.guests[1 - q.who]!.d).shared[0]!;
        const frame = e[ref * 8 + 4]! | (e[ref * 8 + 5]! << 8);
        allowed.range(g.peer, frame, off, off + len);
      } else allowed.range(g.id, DST_GFN, off, off + len);
      out.push([OPS + x.at.status, 2, true]);
      break;
    }
    case K_MAP: {
      nr = GNTTAB;
      cmd = 0;
      count = 1;
      const x = s.map;
      const pv = isPvDomain(g.d);
      // A PV host mapping writes page tables, which the machine does not model: device maps.
      put(x.at.host_addr, x.len.host_addr, pv ? 0 : MAP_GFN * PAGE_SIZE);
      put(x.at.flags, 4, pv ? 1 | (q.c & 4) : 2 | (q.c & 4));
      // Mostly the peer's one read-write grant, so that maps succeed and unmaps find them.
      put(x.at.ref, 4, q.b % 4 === 3 ? 8 + ((q.b >>> 2) % 4) : 8);
      put(x.at.dom, x.len.dom, q.e % 4 === 3 ? domOf(g, q.e >>> 2) : g.peer);
      allowed.remap(g.id, MAP_GFN);
      out.push([OPS + x.at.status, 2, true], [OPS + x.at.handle, 4, false]);
      break;
    }
    case K_UNMAP: {
      nr = GNTTAB;
      cmd = 1;
      count = 1;
      const x = s.unmap;
      put(x.at.host_addr, x.len.host_addr, MAP_GFN * PAGE_SIZE);
      put(x.at.dev_bus_addr, 8, 0);
      put(x.at.handle, 4, q.b % 4 === 3 ? q.b % 9 : 0);
      allowed.remap(g.id, MAP_GFN);
      out.push([OPS + x.at.status, 2, true]);
      break;
    }
    default:
      // Garbage: any cmd of the three, any count, arguments at the op page.
      nr = [EVTCHN, MEMORY, GNTTAB][q.b % 3]!;
      cmd = q.c % 32;
      count = q.e % 4;
      arg = q.a & 1 ? OPS : OPS + 8;
      // Whatever stale bytes the op page holds are the request: any frame of the caller may
      // be what it asked to change or remap. The peer's memory is still checked, but for the
      // frames it granted the caller writable: a stale gnttab_copy may name one as its dest.
      for (let f = 1; f < FRAMES; f++) {
        allowed.frame(g.id, f);
        allowed.remap(g.id, f);
      }
      grantedWritable(t, q.who, allowed);
      break;
  }
  // Out fields start as 0 in both layouts, so one left unwritten reads the same.
  for (const [addr, len] of out) g.put(addr, len, 0);
  check.before();
  const rc = g.call(nr, cmd, arg, count);
  check.after(allowed);
  const ans = [rc];
  for (const [addr, len, signed] of out) ans.push(g.get(addr, len, signed));
  if (vh !== null) settleVcpuHvm(g, q, vh, ans);
  checkRegistrations(t);
  return ans;
}

/**
 * Allow every frame guest `who`'s peer grants it writable (GTF_permit_access without
 * GTF_readonly, in a v1 entry naming `who`'s domid), wherever swaps have moved the entries.
 */
function grantedWritable(t: Twin, who: 0 | 1, allowed: Allowed): void {
  const g = t.guests[who];
  const peer = t.guests[1 - who]!;
  const e = gnttabOf(t.xen.state, peer.d).shared[0]!;
  for (let o = 0; o < PAGE_SIZE; o += 8) {
    const flags = e[o]!;
    if ((flags & 3) !== 1 || (flags & 4) !== 0) continue;
    if ((e[o + 2]! | (e[o + 3]! << 8)) !== g.id) continue;
    const gfn = e[o + 4]! | (e[o + 5]! << 8) | (e[o + 6]! << 16);
    if (gfn > 0 && gfn < FRAMES) allowed.frame(peer.id, gfn);
  }
}

/** Issue `q` on both twins and compare what they answered. */
export function issueOnTwins(
  twins: readonly [Twin, Twin],
  checks: readonly [BringupCheck, BringupCheck],
  q: Req,
  allowed: Allowed,
): void {
  const a = issue(twins[0], checks[0], q, allowed);
  const b = issue(twins[1], checks[1], q, allowed);
  if (!q.compare) return;
  for (let i = 0; i < a.length; i++)
    if (a[i] !== b[i])
      fail(
        `kind ${q.kind} from d${q.who + 1}: the 64-bit guest got [${a.join(", ")}], the 32-bit guest [${b.join(", ")}]`,
      );
}
