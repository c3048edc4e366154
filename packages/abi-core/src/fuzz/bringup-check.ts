/**
 * The bring-up fuzzer's invariants after every call:
 *  - Xen wrote guest memory only where the guest granted or asked: the caller's op structs
 *    and extent arrays, a copy's destination (the caller's frame, or the part of a frame the
 *    peer granted), the vcpu_info and runstate areas the guest registered (in its own
 *    layout's size), and frames the call was asked to map or unmap. Xen's own pages (shared_info, grant frames) and foreign mappings are not guest RAM
 *    of the domain that maps them and are checked where they belong.
 *  - An event is pending in shared_info only on a port that is bound (not ECS_FREE).
 * Frames nobody noted a write to (GuestMemory.writeVersion) are not compared, except on every
 * AUDIT_EVERY-th call, which compares all of them and fails on a change nobody noted.
 */
import { Buffer } from "node:buffer";
import type { Domain } from "../machine/domain.js";
import { ECS_FREE } from "../machine/events.js";
import { PAGE_SIZE } from "../machine/memory.js";
import type { Xen } from "../xen.js";
import { FRAMES, VCPU_INFO_GFN } from "./bringup-world.js";
import { fail } from "./violation.js";

const AUDIT_EVERY = 64;

interface Copy {
  readonly bytes: Uint8Array;
  /** The same bytes as a Buffer, for native compares. */
  readonly buf: Buffer;
  readonly frames: (Uint8Array | undefined)[];
  readonly versions: Int32Array;
  /** Little-endian 32-bit words of Xen's shared_info page. */
  readonly shared: Uint32Array;
}

/** What a call may change: [domid, gfn, from, to) ranges and [domid, gfn] remaps, flat. */
export class Allowed {
  readonly ranges: number[] = [];
  readonly remaps: number[] = [];
  clear(): void {
    this.ranges.length = 0;
    this.remaps.length = 0;
  }
  range(domid: number, gfn: number, from: number, to: number): void {
    this.ranges.push(domid, gfn, from, Math.min(to, PAGE_SIZE));
  }
  frame(domid: number, gfn: number): void {
    this.range(domid, gfn, 0, PAGE_SIZE);
  }
  remap(domid: number, gfn: number): void {
    this.remaps.push(domid, gfn);
  }
}

export class BringupCheck {
  private readonly copies = new Map<Domain, Copy>();
  private calls = 0;
  private audit = false;
  /** compareOutside's ranges of one frame, reused. */
  private readonly gaps: number[] = [];

  constructor(private readonly xen: Xen) {
    for (const d of xen.state.domains.values()) {
      const bytes = new Uint8Array(FRAMES * PAGE_SIZE);
      this.copies.set(d, {
        bytes,
        buf: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        frames: new Array<Uint8Array | undefined>(FRAMES),
        versions: new Int32Array(FRAMES).fill(-2),
        shared: new Uint32Array(d.sharedInfo.buffer, d.sharedInfo.byteOffset, PAGE_SIZE / 4),
      });
    }
  }

  /** Bring every copy up to date before a call (the guest's own stores come first). */
  before(): void {
    this.audit = ++this.calls % AUDIT_EVERY === 0;
    for (const [d, c] of this.copies) {
      const mem = d.memory;
      for (let g = 1; g < FRAMES; g++) {
        const f = mem.peekFrame(g);
        const v = mem.writeVersion(g);
        if (f === c.frames[g] && v === c.versions[g] && v !== -1) {
          // The vcpu_info page is compared after every call (Xen writes it unnoted).
          if (this.audit && g !== VCPU_INFO_GFN && f !== undefined && !same(f, c.buf, g))
            fail(`d${d.id} gfn ${g} changed between calls without a noted write`);
          continue;
        }
        c.frames[g] = f;
        c.versions[g] = v;
        if (f !== undefined) c.bytes.set(f, g * PAGE_SIZE);
      }
    }
  }

  /** Check every domain's memory and pending bits after the call. */
  after(allowed: Allowed): void {
    for (const [d, c] of this.copies) {
      const mem = d.memory;
      for (let g = 1; g < FRAMES; g++) {
        const f = mem.peekFrame(g);
        if (f !== c.frames[g]) {
          if (!has(allowed.remaps, d.id, g)) fail(`d${d.id} gfn ${g} was remapped unasked`);
          continue;
        }
        if (f === undefined || mem.isForeign(g)) continue;
        if (inRange(allowed.ranges, d.id, g, -1)) continue; // the whole frame is the guest's ask
        const v = mem.writeVersion(g);
        // Xen writes a registered vcpu_info through its own reference, unnoted (memory.ts).
        const vi = g === VCPU_INFO_GFN;
        const noted = v !== c.versions[g] || v === -1 || vi;
        if (!noted && !this.audit) continue;
        const live = Buffer.from(f.buffer, f.byteOffset, PAGE_SIZE);
        const at = g * PAGE_SIZE;
        if (live.compare(c.buf, at, at + PAGE_SIZE) === 0) continue;
        if (!noted) fail(`Xen changed d${d.id} gfn ${g} without a noted write`);
        this.compareOutside(d.id, g, live, c.buf, allowed.ranges);
        if (vi) c.bytes.set(f, at); // checked: the copy is current again
      }
      this.pendingOnlyBound(d, c);
    }
  }

  /** The bytes of frame g outside the call's allowed ranges are as they were: natively, gap by gap. */
  private compareOutside(
    domid: number,
    g: number,
    live: Buffer,
    copy: Buffer,
    ranges: readonly number[],
  ): void {
    const r = this.gaps;
    r.length = 0;
    for (let k = 0; k < ranges.length; k += 4)
      if (ranges[k] === domid && ranges[k + 1] === g) r.push(ranges[k + 2]!, ranges[k + 3]!);
    // A handful of ranges: sort the pairs by start.
    for (let i = 2; i < r.length; i += 2)
      for (let j = i; j > 0 && r[j - 2]! > r[j]!; j -= 2) {
        [r[j - 2], r[j]] = [r[j]!, r[j - 2]!];
        [r[j - 1], r[j + 1]] = [r[j + 1]!, r[j - 1]!];
      }
    const base = g * PAGE_SIZE;
    let at = 0;
    for (let k = 0; k <= r.length; k += 2) {
      const end = k < r.length ? r[k]! : PAGE_SIZE;
      if (at < end && live.compare(copy, base + at, base + end, at, end) !== 0)
        for (let i = at; i < end; i++)
          if (live[i] !== copy[base + i])
            fail(
              `Xen wrote d${domid} gfn ${g} offset ${i}, which the guest neither granted nor asked for`,
            );
      if (k < r.length) at = Math.max(at, r[k + 1]!);
    }
  }

  private pendingOnlyBound(d: Domain, c: Copy): void {
    const e = d.evtchn;
    if (e === null) return;
    const w0 = e.layout.pending / 4;
    for (let w = 0; w < e.maxEvtchns / 32; w++) {
      let bits = c.shared[w0 + w]!;
      while (bits !== 0) {
        const b = 31 - Math.clz32(bits);
        bits &= ~(1 << b);
        const port = w * 32 + b;
        const chn = e.chans[port];
        if (port === 0 || chn === undefined || chn.state === ECS_FREE)
          fail(`d${d.id}: port ${port} is pending in shared_info but not bound`);
      }
    }
  }
}

function same(f: Uint8Array, buf: Buffer, g: number): boolean {
  return (
    Buffer.from(f.buffer, f.byteOffset, PAGE_SIZE).compare(
      buf,
      g * PAGE_SIZE,
      (g + 1) * PAGE_SIZE,
    ) === 0
  );
}

function has(remaps: readonly number[], domid: number, g: number): boolean {
  for (let k = 0; k < remaps.length; k += 2)
    if (remaps[k] === domid && remaps[k + 1] === g) return true;
  return false;
}

/** Whether byte i of (domid, g) is in an allowed range; i -1 asks for the whole frame. */
function inRange(r: readonly number[], domid: number, g: number, i: number): boolean {
  for (let k = 0; k < r.length; k += 4) {
    if (r[k] !== domid || r[k + 1] !== g) continue;
    if (i < 0 ? r[k + 2] === 0 && r[k + 3] === PAGE_SIZE : i >= r[k + 2]! && i < r[k + 3]!)
      return true;
  }
  return false;
}
