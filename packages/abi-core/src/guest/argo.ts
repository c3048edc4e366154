/**
 * A guest's Argo driver, the way a guest kernel uses argo_op: structs laid out in its own
 * memory, the hypercall issued through its registers (number and arguments in the mode's
 * registers, then the mode's hypercall instruction); the rings it registers are read straight
 * from its pages (argo-ring.ts). The send fast path allocates nothing and uses no BigInt.
 */
import { ARG_SLOTS, slotOf } from "../abi/modes.js";
import {
  ARGO_RING_SIZE,
  HYPERVISOR_argo_op,
  XEN_ARGO_DOMID_ANY,
  XEN_ARGO_OP_notify,
  XEN_ARGO_OP_register_ring,
  XEN_ARGO_OP_sendv,
  XEN_ARGO_OP_unregister_ring,
} from "../hypercalls/argo_op/constants.js";
import {
  GFN_SIZE,
  IOV,
  REGISTER_RING,
  RING_DATA,
  RING_DATA_ENT,
  SEND_ADDR,
  UNREGISTER_RING,
} from "../hypercalls/argo_op/layouts.js";
import type { Domain, Vcpu } from "../machine/domain.js";
import { hiWord } from "../machine/registers.js";
import { PAGE_SIZE } from "../machine/memory.js";
import type { Xen } from "../xen.js";
import { ArgoRing } from "./argo-ring.js";

export { ArgoRing, type PayloadReader } from "./argo-ring.js";

export interface ArgoGuestOptions {
  readonly vcpu?: number;
  /**
   * Guest-physical address of a scratch area the library owns (at least 2 pages, for the
   * structs it passes to Xen and the staging buffer of `send`).
   */
  readonly scratch: number;
}

/** One answer of notify for a queried ring. */
export interface NotifyResult {
  flags: number;
  maxMessageSize: number;
}

/** Layout of the scratch area. */
const S_STRUCT = 0; // register_ring / unregister_ring / send_addr structs
const S_IOV = 0x100;
const S_GFNS = 0x200; // 8 bytes per gfn
const STAGE = PAGE_SIZE; // send's staging buffer: the rest of the scratch area
/** The iovs the struct area holds (S_IOV..S_GFNS, at the native iov's 16 bytes each). */
const MAX_LIBRARY_IOVS = (S_GFNS - S_IOV) / IOV.hvm64.size;

/** An Argo endpoint of one domain. */
export class ArgoGuest {
  readonly domain: Domain;
  private readonly v: Vcpu;
  private readonly vcpuId: number;
  private readonly numberSlot: number;
  private readonly argSlots: readonly number[];
  private readonly resultSlot: number;
  private readonly bits: 32 | 64;
  private readonly zeroHi: boolean;
  /** This mode's xen_argo_iov_t and xen_argo_send_addr_t, by field name. */
  private readonly iov: (typeof IOV)[keyof typeof IOV];
  private readonly sendAddrAt: (typeof SEND_ADDR)[keyof typeof SEND_ADDR]["at"];
  private readonly u8 = new Uint8Array(8);
  /**
   * The struct area (S_STRUCT..S_GFNS) the driver writes its structs through. When it sits in
   * one page of the guest, this is that page, written directly as a kernel writes through its
   * mapping; otherwise a private copy that `hypercall` writes to the guest before trapping.
   */
  private readonly structs: DataView;
  private readonly structsInPlace: boolean;
  /** The page the struct area sits in, when in place. */
  private readonly structsGfn: number;
  readonly scratch: number;
  /** Staging buffer size for `send`. */
  stageBytes: number;
  /** Called just before the hypercall instruction runs (tests and the fuzzer observe memory here). */
  beforeExecute: (() => void) | null = null;

  constructor(
    readonly xen: Xen,
    readonly domid: number,
    opts: ArgoGuestOptions,
  ) {
    const d = xen.domain(domid);
    this.domain = d;
    this.vcpuId = opts.vcpu ?? 0;
    this.v = d.vcpus[this.vcpuId]!;
    const info = d.info;
    this.numberSlot = slotOf(d.mode, info.numberReg);
    this.argSlots = ARG_SLOTS[d.mode];
    this.resultSlot = slotOf(d.mode, info.resultReg);
    this.bits = info.bits;
    // A 32-bit write: x86 zero-extends; an AArch32 CPU on arm64 may keep the top half.
    this.zeroHi =
      info.bits === 32 &&
      !(
        info.family === "arm" &&
        xen.state.arch === "arm64" &&
        xen.state.aarch32UpperBits === "preserve"
      );
    this.iov = IOV[d.mode];
    this.sendAddrAt = SEND_ADDR[d.mode].at;
    this.scratch = opts.scratch;
    const so = opts.scratch % PAGE_SIZE;
    const fits = so + S_GFNS <= PAGE_SIZE && d.memory.contains(opts.scratch, S_GFNS);
    const page = fits ? d.memory.frame((opts.scratch - so) / PAGE_SIZE) : null;
    this.structs =
      page === null
        ? new DataView(new ArrayBuffer(S_GFNS))
        : new DataView(page.buffer, page.byteOffset + so, S_GFNS);
    this.structsInPlace = page !== null;
    this.structsGfn = (opts.scratch - so) / PAGE_SIZE;
    this.stageBytes = Math.max(0, d.memory.size - opts.scratch - STAGE);
  }

  private setReg(slot: number, v: number): void {
    const w = this.v.regs.words;
    if (this.bits === 64) {
      // Most arguments are addresses and counts below 2^32: skip the division then.
      w[2 * slot] = v;
      w[2 * slot + 1] = v >= 0 && v <= 0xffffffff ? 0 : hiWord(v);
    } else {
      w[2 * slot] = v;
      if (this.zeroHi) w[2 * slot + 1] = 0;
    }
  }

  /** argo_op(cmd, arg1, arg2, arg3, arg4) through registers; the signed result. */
  hypercall(cmd: number, arg1: number, arg2: number, arg3: number, arg4: number): number {
    this.setReg(this.numberSlot, HYPERVISOR_argo_op);
    const s = this.argSlots;
    this.setReg(s[0]!, cmd);
    this.setReg(s[1]!, arg1);
    this.setReg(s[2]!, arg2);
    this.setReg(s[3]!, arg3);
    this.setReg(s[4]!, arg4);
    // The driver's stores to its struct page dirty it (GuestMemory.writeVersion).
    if (!this.structsInPlace) this.flushStructs();
    else this.domain.memory.noteWrite(this.structsGfn);
    if (this.beforeExecute !== null) this.beforeExecute();
    this.xen.execute(this.domid, this.vcpuId);
    const w = this.v.regs.words;
    const lo = w[2 * this.resultSlot]!;
    if (this.bits === 32) return lo | 0;
    return (w[2 * this.resultSlot + 1]! | 0) * 0x100000000 + lo;
  }

  /** The private struct area into the guest, byte by byte where it lies inside the guest. */
  private flushStructs(): void {
    const mem = this.domain.memory;
    const b = this.u8;
    for (let i = 0; i < S_GFNS; i++) {
      b[0] = this.structs.getUint8(i);
      mem.write(this.scratch + i, b, 0, 1);
    }
  }

  /** Little-endian store of `bytes` bytes into the guest's own memory, without allocating. */
  private store(addr: number, v: number, bytes: 2 | 4): void {
    const so = addr - this.scratch;
    if (so >= 0 && so + bytes <= S_GFNS) {
      if (bytes === 4) this.structs.setUint32(so, v, true);
      else this.structs.setUint16(so, v, true);
      return;
    }
    const mem = this.domain.memory;
    const o = addr & (PAGE_SIZE - 1);
    if (o + bytes <= PAGE_SIZE && mem.contains(addr, bytes)) {
      const f = mem.frame((addr - o) / PAGE_SIZE);
      for (let i = 0; i < bytes; i++) f[o + i] = (v >>> (8 * i)) & 0xff;
      return;
    }
    const b = this.u8;
    for (let i = 0; i < bytes; i++) b[i] = (v >>> (8 * i)) & 0xff;
    mem.write(addr, b, 0, bytes);
  }
  private w32(addr: number, v: number): void {
    this.store(addr, v, 4);
  }
  private w16(addr: number, v: number): void {
    this.store(addr, v, 2);
  }

  /**
   * Register a ring on `gfns` (any frames of this domain, not necessarily contiguous).
   * `len` defaults to the largest the pages hold. Returns the ring, or the negative errno.
   */
  registerRing(opts: {
    aport: number;
    partner?: number;
    gfns: readonly number[];
    len?: number;
    flags?: number;
  }): ArgoRing | number {
    const len = opts.len ?? opts.gfns.length * PAGE_SIZE - ARGO_RING_SIZE;
    const partner = opts.partner ?? XEN_ARGO_DOMID_ANY;
    const reg = this.scratch + S_STRUCT;
    const R = REGISTER_RING[this.domain.mode].at;
    this.w32(reg + R.aport, opts.aport);
    this.w16(reg + R.partner_id, partner);
    this.w16(reg + R.pad, 0);
    this.w32(reg + R.len, len);
    // The gfn list can be long (up to 4096 entries): place it in the staging area if needed.
    const gfnAddr = opts.gfns.length <= 32 ? this.scratch + S_GFNS : this.scratch + STAGE;
    opts.gfns.forEach((g, i) => {
      // xen_argo_gfn_t: a little-endian uint64_t.
      this.w32(gfnAddr + i * GFN_SIZE, g % 0x100000000);
      this.w32(gfnAddr + i * GFN_SIZE + 4, Math.floor(g / 0x100000000));
    });
    const rc = this.hypercall(
      XEN_ARGO_OP_register_ring,
      reg,
      gfnAddr,
      opts.gfns.length,
      opts.flags ?? 0,
    );
    if (rc !== 0) return rc;
    return new ArgoRing(this.domain, opts.aport, partner, len, opts.gfns);
  }

  /** unregister_ring; 0 or -errno. */
  unregisterRing(aport: number, partner: number = XEN_ARGO_DOMID_ANY): number {
    const a = this.scratch + S_STRUCT;
    const U = UNREGISTER_RING[this.domain.mode].at;
    this.w32(a + U.aport, aport);
    this.w16(a + U.partner_id, partner);
    this.w16(a + U.pad, 0);
    return this.hypercall(XEN_ARGO_OP_unregister_ring, a, 0, 0, 0);
  }

  /** Write send_addr for sendv (in the struct area, straight through `structs`). */
  private prepSend(dstDomid: number, dstAport: number, srcAport: number): number {
    const v = this.structs;
    const A = this.sendAddrAt;
    v.setUint32(S_STRUCT + A["src.aport"], srcAport, true);
    v.setUint16(S_STRUCT + A["src.domain_id"], XEN_ARGO_DOMID_ANY, true); // Xen fills in the sender's domid
    v.setUint16(S_STRUCT + A["src.pad"], 0, true);
    v.setUint32(S_STRUCT + A["dst.aport"], dstAport, true);
    v.setUint16(S_STRUCT + A["dst.domain_id"], dstDomid, true);
    v.setUint16(S_STRUCT + A["dst.pad"], 0, true);
    return this.scratch + S_STRUCT;
  }

  /** Write iov i in this mode's layout: 16 bytes, or the 12-byte compat iov of x86 32-bit guests. */
  private putIov(i: number, addr: number, len: number): void {
    const v = this.structs;
    const L = this.iov;
    const at = S_IOV + i * L.size;
    v.setUint32(at + L.at.iov_hnd, addr >>> 0, true);
    if (L.len.iov_hnd === 8)
      v.setUint32(
        at + L.at.iov_hnd + 4,
        addr >= 0 && addr <= 0xffffffff ? 0 : Math.floor(addr / 0x100000000),
        true,
      );
    v.setUint32(at + L.at.iov_len, len, true);
    v.setUint32(at + L.at.pad, 0, true);
  }

  /**
   * sendv of bytes already in guest memory: `iovs` is [addr0, len0, addr1, len1, ...].
   * Xen takes at most 8 pairs (XEN_ARGO_MAXIOV); up to MAX_LIBRARY_IOVS go through, so a
   * caller can see Xen refuse more (more throws a RangeError). Returns payload bytes sent or
   * -errno (-EAGAIN: ring full, Xen will raise VIRQ_ARGO when the receiver's notify finds
   * room).
   */
  sendv(
    dstDomid: number,
    dstAport: number,
    iovs: readonly number[],
    opts?: { srcAport?: number; type?: number },
  ): number {
    const a = this.prepSend(dstDomid, dstAport, opts?.srcAport ?? 0);
    const n = iovs.length >>> 1;
    if (n > MAX_LIBRARY_IOVS)
      throw new RangeError(`sendv takes at most ${MAX_LIBRARY_IOVS} iovs here, got ${n}`);
    for (let i = 0; i < n; i++) this.putIov(i, iovs[2 * i]!, iovs[2 * i + 1]!);
    return sendvInt(this.hypercall(XEN_ARGO_OP_sendv, a, this.scratch + S_IOV, n, opts?.type ?? 0));
  }

  /** Copy `data` into the staging buffer and send it as one iov. */
  send(dstDomid: number, dstAport: number, data: Uint8Array, srcAport = 0, type = 0): number {
    if (data.length > this.stageBytes)
      throw new RangeError("message larger than the staging buffer");
    const stage = this.scratch + STAGE;
    this.domain.memory.write(stage, data);
    const a = this.prepSend(dstDomid, dstAport, srcAport);
    this.putIov(0, stage, data.length);
    return sendvInt(this.hypercall(XEN_ARGO_OP_sendv, a, this.scratch + S_IOV, 1, type));
  }

  /**
   * notify: wakes senders waiting on this domain's rings and, for each query, asks about the
   * ring (domid, aport) with `spaceRequired` bytes. Returns the rc and the answers.
   */
  notify(queries: readonly { domid: number; aport: number; spaceRequired?: number }[] = []): {
    rc: number;
    results: NotifyResult[];
  } {
    if (queries.length === 0)
      return { rc: this.hypercall(XEN_ARGO_OP_notify, 0, 0, 0, 0), results: [] };
    const base = this.scratch + STAGE;
    const D = RING_DATA[this.domain.mode];
    const E = RING_DATA_ENT[this.domain.mode];
    const entry = (i: number) => base + D.at.data + i * E.size;
    this.w32(base + D.at.nent, queries.length);
    this.w32(base + D.at.pad, 0);
    queries.forEach((q, i) => {
      const e = entry(i);
      for (let b = 0; b < E.size; b += 2) this.w16(e + b, 0);
      this.w32(e + E.at["ring.aport"], q.aport);
      this.w16(e + E.at["ring.domain_id"], q.domid);
      this.w32(e + E.at.space_required, q.spaceRequired ?? 0);
    });
    const rc = this.hypercall(XEN_ARGO_OP_notify, base, 0, 0, 0);
    const mem = this.domain.memory;
    const results = queries.map((_, i) => {
      const e = mem.readBytes(entry(i), E.size)!;
      const dv = new DataView(e.buffer);
      return {
        flags: dv.getUint16(E.at.flags, true),
        maxMessageSize: dv.getUint32(E.at.max_message_size, true),
      };
    });
    return { rc, results };
  }
}
/**
 * sendv's result as a guest must read it: as a 32-bit int. From 4.12.1 and 4.13.0 Xen returns
 * an error found late in sendv zero-extended (xen/common/argo.c: sendv, `(ret < 0) ? ret : len`
 * with an unsigned int len), so a 64-bit guest's register holds 0x00000000ffffffea for -EINVAL;
 * a byte count never reaches 2^31, so the low 32 bits, signed, are the answer either way.
 */
function sendvInt(rc: number): number {
  return rc | 0;
}
