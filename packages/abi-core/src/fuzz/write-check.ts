/**
 * What Xen may write where (docs/designs/argo.pandoc): during a call Xen writes only into the
 * part of a ring its indexes marked free, the ring's tx_ptr field, and notify's answers in the
 * caller's ring_data; never elsewhere in any domain's memory.
 */
import { Buffer } from "node:buffer";
import { argoOf, allRings, sanitizedRxPtr } from "../hypercalls/argo_op/index.js";
import type { ArgoGuest } from "../guest/argo.js";
import type { Domain } from "../machine/domain.js";
import { PAGE_SIZE } from "../machine/memory.js";
import type { Xen } from "../xen.js";
import { fail } from "./violation.js";
import { MEM_FRAMES } from "./world.js";
import { allowedRanges, byteAllowed, type FreeRegions, type NotifyRange } from "./allowed.js";

export type { NotifyRange } from "./allowed.js";

/**
 * A frame and its copy from before the call, as Buffers so that comparing them is one memcmp,
 * and the frame's write count (GuestMemory.writeVersion) when the copy was taken.
 */
interface Shadow {
  frame: Uint8Array;
  live: Buffer;
  copy: Buffer;
  version: number;
}

/** How often a call is audited by comparing every frame (the readable full check). */
export const AUDIT_EVERY = 64;

/**
 * Frames the write count says nobody wrote are neither copied nor compared: a call touches a
 * few pages of a world's 64. That trusts every writer to note its writes (frame(), write(),
 * noteMapWrite), so every AUDIT_EVERY-th call (every call with auditEvery 1) compares all
 * frames, as the check did before counting, and fails if a page changed without a count.
 */
export class WriteCheck {
  private readonly shadow = new Map<Domain, Shadow[]>();
  private calls = 0;
  /** allowedRanges' answer for the frame being compared. */
  private readonly ranges: number[] = [];

  constructor(
    private readonly xen: Xen,
    private readonly auditEvery = AUDIT_EVERY,
  ) {}

  /**
   * Run `fn`, which issues one hypercall from `g`, and check every byte that changed between
   * the hypercall instruction and its return. Throws InvariantViolation on a stray write.
   */
  around(g: ArgoGuest, fn: () => number, notifyRange: NotifyRange): number {
    let before: FreeRegions | null = null;
    const audit = ++this.calls % this.auditEvery === 0;
    // The guest writes its structs first; memory is captured at the hypercall instruction.
    g.beforeExecute = () => {
      this.snapshot(audit);
      before = this.freeRegions();
    };
    const rc = fn();
    g.beforeExecute = null;
    if (before !== null) this.checkWrites(before, notifyRange, audit);
    return rc;
  }

  /**
   * Bring the copy of every frame of every domain up to date before a call: those written
   * since their copy (all of them when `full`, checking first that the others are unchanged).
   */
  snapshot(full = true): void {
    const domains = this.xen.state.domains;
    // A destroyed domain's memory is nobody's now: forget its copies.
    for (const d of this.shadow.keys()) if (domains.get(d.id) !== d) this.shadow.delete(d);
    for (const d of domains.values()) {
      let m = this.shadow.get(d);
      if (!m) this.shadow.set(d, (m = []));
      const mem = d.memory;
      let copies: Buffer | null = null;
      for (let g = 0; g < MEM_FRAMES; g++) {
        const f = mem.peekFrame(g) ?? mem.frame(g);
        const version = mem.writeVersion(g);
        let s = m[g];
        if (s === undefined || s.frame !== f) {
          // One allocation for a domain's copies: an ArrayBuffer per page costs far more.
          copies ??= Buffer.alloc(MEM_FRAMES * PAGE_SIZE);
          const live = Buffer.from(f.buffer, f.byteOffset, PAGE_SIZE);
          const copy = copies.subarray(g * PAGE_SIZE, (g + 1) * PAGE_SIZE);
          m[g] = s = { frame: f, live, copy, version: -1 };
        } else if (version !== -1 && version === s.version) {
          if (full && !s.live.equals(s.copy))
            fail(`d${d.id} gfn ${g} changed between calls without a noted write`);
          if (!full) continue;
        }
        s.live.copy(s.copy);
        s.version = version;
      }
    }
  }

  /** Free byte ranges of each ring before the call: [gfn, from, to) per page chunk, as a predicate. */
  private freeRegions(): FreeRegions {
    const out: FreeRegions = new Map();
    for (const d of this.xen.state.domains.values()) {
      const a = argoOf(d);
      if (!a) continue;
      out.set(
        d,
        allRings(a).map((ring) => ({ ring, tx: ring.txPtr, rx: sanitizedRxPtr(ring) })),
      );
    }
    return out;
  }

  private checkWrites(before: FreeRegions, notifyRange: NotifyRange, full: boolean): void {
    for (const [d, m] of this.shadow) {
      if (!this.xen.state.domains.has(d.id)) continue;
      const mem = d.memory;
      for (let g = 0; g < MEM_FRAMES; g++) {
        const s = m[g]!;
        const f = mem.peekFrame(g);
        // Frames stay where they are: a moved frame would hide writes from the compare below.
        if (f !== s.frame) fail(`d${d.id} gfn ${g} moved during a call`);
        const version = mem.writeVersion(g);
        const unwritten = version !== -1 && version === s.version;
        if (unwritten && !full) continue;
        // Most frames are untouched by a call: one native compare says so.
        if (s.live.equals(s.copy)) {
          s.version = version; // the copy is current: no need to take it again
          continue;
        }
        if (unwritten) fail(`Xen changed d${d.id} gfn ${g} without a noted write during a call`);
        // Audited calls also ask every changed byte plainly (the ranges must agree).
        if (full)
          for (let i = 0; i < PAGE_SIZE; i++)
            if (f[i] !== s.copy[i] && !byteAllowed(d, g, i, before, notifyRange))
              fail(`Xen wrote d${d.id} gfn ${g} offset ${i} outside any free ring region`);
        this.compareOutside(d, g, s, before, notifyRange);
      }
    }
  }

  /** Compare frame g of d with its copy outside the allowed ranges: natively, range by range. */
  private compareOutside(
    d: Domain,
    g: number,
    s: Shadow,
    before: FreeRegions,
    notifyRange: NotifyRange,
  ): void {
    const r = this.ranges;
    allowedRanges(d, g, before, notifyRange, r);
    let at = 0;
    for (let k = 0; k <= r.length; k += 2) {
      const end = k < r.length ? r[k]! : PAGE_SIZE;
      if (at < end && s.live.compare(s.copy, at, end, at, end) !== 0)
        for (let i = at; i < end; i++)
          if (s.frame[i] !== s.copy[i])
            fail(`Xen wrote d${d.id} gfn ${g} offset ${i} outside any free ring region`);
      at = k < r.length ? r[k + 1]! : PAGE_SIZE;
    }
  }
}
