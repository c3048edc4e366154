/**
 * A guest's Argo driver, the way a guest kernel uses argo_op: structs laid out in its own
 * memory, the hypercall issued through its registers (number and arguments in the mode's
 * registers, then the mode's hypercall instruction), rings read straight from its pages.
 * The send and receive fast paths allocate nothing and use no BigInt.
 */
import { ARG_SLOTS, slotOf } from "../abi/modes.js";
import {
  ARGO_MSG_HDR_SIZE,
  ARGO_RING_SIZE,
  HYPERVISOR_argo_op,
  XEN_ARGO_DOMID_ANY,
  XEN_ARGO_OP_notify,
  XEN_ARGO_OP_register_ring,
  XEN_ARGO_OP_sendv,
  XEN_ARGO_OP_unregister_ring,
  roundupMessage,
} from "../hypercalls/argo_op/constants.js";
import {
  GFN_SIZE,
  IOV,
  MSG_HDR,
  REGISTER_RING,
  RING,
  RING_DATA,
  RING_DATA_ENT,
  SEND_ADDR,
  UNREGISTER_RING,
} from "../hypercalls/argo_op/layouts.js";
import type { Domain, Vcpu } from "../machine/domain.js";
import { hiWord } from "../machine/registers.js";
import {
  PAGE_SIZE,
  contiguousRun,
  copyFromSlab,
  getU32,
  noteMapWrite,
  putU32,
  type FrameMap,
} from "../machine/memory.js";
import type { Xen } from "../xen.js";

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
const HDR = MSG_HDR.at;

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
 * receiveWith's consumer: the payload is bytes[start, end), then bytes[tailStart, tailEnd)
 * when it wraps past the ring's end (an empty range otherwise). Valid only during the call.
 */
export type PayloadReader = (
  bytes: Uint8Array,
  start: number,
  end: number,
  tailStart: number,
  tailEnd: number,
) => void;

/** A registered ring as its owner reads it: from its own pages, by rx_ptr and tx_ptr. */
export class ArgoRing {
  /**
   * The ring's pages, mapped for copies and in-place reads (GuestMemory.mapFrames), kept
   * field by field: the receive paths read them for every message, and one load less each
   * time measured about 1-2% on the 64 KiB bench.
   */
  private readonly frames: FrameMap["frames"];
  private readonly runs: Uint32Array;
  private readonly slabs: FrameMap["slabs"];
  private readonly offsets: Uint32Array;
  /** The whole map, for noting the driver's writes to rx_ptr (noteMapWrite). */
  private readonly map: FrameMap;
  /** Each page's slab (as `slabs`) viewed as 32-bit words, for copyOut's short copies. */
  private readonly slabWords: readonly Uint32Array[];
  /**
   * copyOut's last destination and that array as words (null: it does not start 4-aligned):
   * a driver receives into the same buffer message after message.
   */
  private wordsFor: Uint8Array | null = null;
  private outWords: Uint32Array | null = null;
  /** Source and type of the last message `receive` returned. */
  lastSourceDomid = 0;
  lastSourceAport = 0;
  lastType = 0;

  constructor(
    readonly domain: Domain,
    readonly aport: number,
    readonly partner: number,
    readonly len: number,
    readonly gfns: readonly number[],
  ) {
    this.map = domain.memory.mapFrames(gfns);
    ({ frames: this.frames, runs: this.runs, slabs: this.slabs, offsets: this.offsets } = this.map);
    const words = new Map<ArrayBufferLike, Uint32Array>();
    this.slabWords = this.slabs.map((slab) => {
      // A slab view starts at its buffer's start (offsets[] index it): so do its words.
      let w = words.get(slab.buffer);
      if (w === undefined) {
        w = new Uint32Array(slab.buffer, 0, slab.buffer.byteLength >>> 2);
        words.set(slab.buffer, w);
      }
      return w;
    });
  }

  /** rx_ptr, the driver's own index (Xen only reads it). */
  get rxPtr(): number {
    return getU32(this.frames[0]!, RING.at.rx_ptr);
  }
  set rxPtr(v: number) {
    putU32(this.frames[0]!, RING.at.rx_ptr, v);
    if (this.map.owner !== null) noteMapWrite(this.map, 0, 0);
  }
  /** tx_ptr as Xen last published it. */
  get txPtr(): number {
    return getU32(this.frames[0]!, RING.at.tx_ptr);
  }

  /** Bytes between rx_ptr and tx_ptr (0: empty). */
  get used(): number {
    const d = this.txPtr - this.rxPtr;
    return d < 0 ? d + this.len : d;
  }

  /**
   * The header of the message at rx (16-aligned, so inside one page): sets lastSource* and
   * lastType and returns the payload length; -1 when rx is tx (empty). The hot paths read
   * the indexes themselves rather than through the accessors above, which V8 does not
   * always inline.
   */
  private header(rx: number, tx: number): number {
    if (rx === tx) return -1;
    const h = rx + ARGO_RING_SIZE;
    const f = this.frames[h >>> 12]!;
    const o = h & (PAGE_SIZE - 1);
    this.lastSourceAport = getU32(f, o + HDR["source.aport"]);
    const d = o + HDR["source.domain_id"];
    this.lastSourceDomid = f[d]! | (f[d + 1]! << 8);
    this.lastType = getU32(f, o + HDR.message_type);
    return getU32(f, o + HDR.len) - ARGO_MSG_HDR_SIZE;
  }

  /**
   * Copy n ring bytes from ring offset `off` (wrapping) into out[outOff..]. Short runs between
   * 4-aligned places (a payload starts 16-aligned in the ring) go word by word (copyFromSlab),
   * so receiving a small message into the same buffer again allocates nothing.
   */
  private copyOut(out: Uint8Array, outOff: number, off: number, n: number): void {
    const outWords = this.wordsOf(out);
    while (n > 0) {
      if (off >= this.len) off -= this.len;
      const lin = off + ARGO_RING_SIZE;
      const po = lin & (PAGE_SIZE - 1);
      const idx = lin >>> 12;
      const c = contiguousRun(this.runs, idx, po, Math.min(n, this.len - off));
      const so = this.offsets[idx]! + po;
      copyFromSlab(out, outWords, outOff, this.slabs[idx]!, this.slabWords[idx]!, so, c);
      outOff += c;
      off += c;
      n -= c;
    }
  }

  /** `out` as 32-bit words when it starts 4-aligned (else null), remembered for the next call. */
  private wordsOf(out: Uint8Array): Uint32Array | null {
    if (out !== this.wordsFor) {
      this.wordsFor = out;
      this.outWords =
        (out.byteOffset & 3) === 0
          ? new Uint32Array(out.buffer, out.byteOffset, out.length >>> 2)
          : null;
    }
    return this.outWords;
  }

  /**
   * Take the next message: its payload goes to `out` (which must hold it) and the payload
   * length is returned; -1 when the ring is empty. Advances rx_ptr past the message's slots.
   * Source and type are in lastSourceDomid/lastSourceAport/lastType.
   */
  receive(out: Uint8Array): number {
    const f0 = this.frames[0]!;
    const rx = getU32(f0, RING.at.rx_ptr);
    const n = this.header(rx, getU32(f0, RING.at.tx_ptr));
    if (n < 0) return -1;
    if (n > out.length) throw new RangeError(`message of ${n} bytes does not fit the buffer`);
    let p = rx + ARGO_MSG_HDR_SIZE;
    if (p >= this.len) p -= this.len;
    // A payload over adjacent pages, not wrapping (the usual case), is one copy: no loop, and
    // the JIT keeps the rest of this path inlined. Otherwise copyOut goes run by run.
    const at = p + n <= this.len ? this.inPlace(p, n) : -1;
    if (at >= 0) {
      const idx = (p + ARGO_RING_SIZE) >>> 12;
      copyFromSlab(out, this.wordsOf(out), 0, this.slabs[idx]!, this.slabWords[idx]!, at, n);
    } else this.copyOut(out, 0, p, n);
    let next = roundupMessage(p + n);
    if (next >= this.len) next -= this.len;
    putU32(f0, RING.at.rx_ptr, next);
    if (this.map.owner !== null) noteMapWrite(this.map, 0, 0);
    return n;
  }

  /**
   * Where n ring bytes from ring offset `off` (not wrapping) start in their slab, when they
   * sit side by side in backing memory; -1 when the pages under them are not adjacent.
   */
  private inPlace(off: number, n: number): number {
    const lin = off + ARGO_RING_SIZE;
    const idx = lin >>> 12;
    const po = lin & (PAGE_SIZE - 1);
    return contiguousRun(this.runs, idx, po, n) === n ? this.offsets[idx]! + po : -1;
  }

  /**
   * Zero-copy receive: hand the next message's payload to `use` while it is still in the
   * ring, then advance rx_ptr (after which Xen may overwrite it, so `use` must not keep
   * `bytes`). A driver reading its ring in place sees the payload as a range of its own
   * memory, and a payload that wraps past the ring's end as two: `use` gets the payload as
   * bytes[start, end) then bytes[tailStart, tailEnd) (empty unless it wraps). `bytes` is the
   * backing memory the ring's pages sit in, so nothing is allocated per message. A payload
   * over pages that are not adjacent in backing memory is gathered into `gather` first.
   * Returns the payload length, -1 when empty.
   */
  receiveWith(use: PayloadReader, gather: Uint8Array): number {
    const f0 = this.frames[0]!;
    const rx = getU32(f0, RING.at.rx_ptr);
    const n = this.header(rx, getU32(f0, RING.at.tx_ptr));
    if (n < 0) return -1;
    let p = rx + ARGO_MSG_HDR_SIZE;
    if (p >= this.len) p -= this.len;
    const first = Math.min(n, this.len - p);
    const head = this.inPlace(p, first);
    const slab = this.slabs[(p + ARGO_RING_SIZE) >>> 12]!;
    // The tail starts the ring again: in place only if it is in the same slab as the head.
    const tail = first === n ? 0 : slab === this.slabs[0] ? this.inPlace(0, n - first) : -1;
    if (head >= 0 && tail >= 0) {
      if (first === n) use(slab, head, head + n, head, head);
      else use(slab, head, head + first, tail, tail + n - first);
    } else {
      if (n > gather.length) throw new RangeError(`message of ${n} bytes does not fit the buffer`);
      this.copyOut(gather, 0, p, n);
      use(gather, 0, n, 0, 0);
    }
    let next = roundupMessage(p + n);
    if (next >= this.len) next -= this.len;
    putU32(f0, RING.at.rx_ptr, next);
    if (this.map.owner !== null) noteMapWrite(this.map, 0, 0);
    return n;
  }

  /** Like receive, but allocates the result. Null when empty. */
  receiveMessage(): {
    source: { domid: number; aport: number };
    type: number;
    data: Uint8Array;
  } | null {
    const buf = new Uint8Array(this.len);
    const n = this.receive(buf);
    if (n < 0) return null;
    return {
      source: { domid: this.lastSourceDomid, aport: this.lastSourceAport },
      type: this.lastType,
      data: buf.slice(0, n),
    };
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
