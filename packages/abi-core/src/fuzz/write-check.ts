/**
 * What Xen may write where (docs/designs/argo.pandoc): during a call Xen writes only into the
 * part of a ring its indexes marked free, the ring's tx_ptr field, and notify's answers in the
 * caller's ring_data; never elsewhere in any domain's memory.
 */
import { Buffer } from "node:buffer";
import { argoOf, allRings, sanitizedRxPtr, type RingInfo } from "../hypercalls/argo_op/index.js";
import type { ArgoGuest } from "../guest/argo.js";
import type { Domain } from "../machine/domain.js";
import { PAGE_SIZE } from "../machine/memory.js";
import type { Xen } from "../xen.js";
import { fail } from "./violation.js";
import { MEM_FRAMES } from "./world.js";

/** Each ring's indexes before a call: the bytes between tx and rx were free. */
type FreeRegions = Map<Domain, { ring: RingInfo; tx: number; rx: number }[]>;

/** The caller's ring_data entries [domain, from, to) whose answer fields notify may write. */
export type NotifyRange = [Domain, number, number] | null;

/** A frame and its copy from before the call, as Buffers so that comparing them is one memcmp. */
interface Shadow {
  frame: Uint8Array;
  live: Buffer;
  copy: Buffer;
}

export class WriteCheck {
  private readonly shadow = new Map<Domain, Shadow[]>();

  constructor(private readonly xen: Xen) {}

  /**
   * Run `fn`, which issues one hypercall from `g`, and check every byte that changed between
   * the hypercall instruction and its return. Throws InvariantViolation on a stray write.
   */
  around(g: ArgoGuest, fn: () => number, notifyRange: NotifyRange): number {
    let before: FreeRegions | null = null;
    // The guest writes its structs first; memory is captured at the hypercall instruction.
    g.beforeExecute = () => {
      this.snapshot();
      before = this.freeRegions();
    };
    const rc = fn();
    g.beforeExecute = null;
    if (before !== null) this.checkWrites(before, notifyRange);
    return rc;
  }

  /** Snapshot every frame of every domain before a call. */
  snapshot(): void {
    for (const d of this.xen.state.domains.values()) {
      let m = this.shadow.get(d);
      if (!m) this.shadow.set(d, (m = []));
      for (let g = 0; g < MEM_FRAMES; g++) {
        const f = d.memory.frame(g);
        let s = m[g];
        if (s === undefined || s.frame !== f) {
          const live = Buffer.from(f.buffer, f.byteOffset, PAGE_SIZE);
          m[g] = s = { frame: f, live, copy: Buffer.alloc(PAGE_SIZE) };
        }
        s.live.copy(s.copy);
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

  private byteAllowed(
    d: Domain,
    gfn: number,
    off: number,
    before: FreeRegions,
    notifyRange: NotifyRange,
  ): boolean {
    // notify's answers (flags, max_message_size) in the caller's ring_data entries.
    if (notifyRange && notifyRange[0] === d) {
      const addr = gfn * PAGE_SIZE + off;
      if (addr >= notifyRange[1] && addr < notifyRange[2]) {
        const o = (addr - notifyRange[1]) % 20;
        if ((o >= 8 && o < 10) || o >= 16) return true;
      }
    }
    // The tx_ptr field of any ring registered now or before.
    const was = before.get(d) ?? [];
    for (const r of was) if (r.ring.gfns[0] === gfn && off >= 4 && off < 8) return true;
    const a = argoOf(d);
    if (a)
      for (const ring of allRings(a)) if (ring.gfns[0] === gfn && off >= 4 && off < 8) return true;
    for (const { ring, tx, rx } of was) {
      if (rx < 0) continue;
      for (let i = 0; i < ring.gfns.length; i++) {
        if (ring.gfns[i] !== gfn) continue;
        const ro = i * PAGE_SIZE + off - 64;
        if (ro < 0 || ro >= ring.len) continue;
        const free = rx === tx ? true : tx < rx ? ro >= tx && ro < rx : ro >= tx || ro < rx;
        if (free) return true;
      }
    }
    return false;
  }

  private checkWrites(before: FreeRegions, notifyRange: NotifyRange): void {
    for (const [d, m] of this.shadow) {
      if (!this.xen.state.domains.has(d.id)) continue;
      for (let g = 0; g < MEM_FRAMES; g++) {
        const s = m[g]!;
        const f = d.memory.frame(g);
        // Frames stay where they are: a moved frame would hide writes from the compare below.
        if (f !== s.frame) fail(`d${d.id} gfn ${g} moved during a call`);
        // Most frames are untouched by a call: one native compare says so.
        if (s.live.equals(s.copy)) continue;
        for (let i = 0; i < PAGE_SIZE; i++)
          if (f[i] !== s.copy[i] && !this.byteAllowed(d, g, i, before, notifyRange))
            fail(`Xen wrote d${d.id} gfn ${g} offset ${i} outside any free ring region`);
      }
    }
  }
}
