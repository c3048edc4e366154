/**
 * Register-level random testing of argo_op: random domains of every mode, random and hostile
 * hypercalls issued through registers, and after every call the guarantees of Xen's Argo
 * design (docs/designs/argo.pandoc) are checked:
 *  - Xen wrote only into the part of a ring its indexes marked free (plus the ring's tx_ptr
 *    field and notify's answers in the caller's ring_data), never elsewhere in any memory;
 *  - every message a receiver reads has the exact length, the true sender and type, and the
 *    bytes sent, in order;
 *  - nothing throws.
 */
import type { GuestMode, XenArch } from "../abi/modes.js";
import { argoOf, allRings, sanitizedRxPtr, type RingInfo } from "../argo/index.js";
import {
  XEN_ARGO_DOMID_ANY,
  XEN_ARGO_OP_notify,
  XEN_ARGO_OP_register_ring,
  XEN_ARGO_OP_sendv,
  XEN_ARGO_OP_unregister_ring,
} from "../argo/constants.js";
import { ArgoGuest, ArgoRing } from "../guest/argo.js";
import type { Domain } from "../machine/domain.js";
import { PAGE_SIZE } from "../machine/memory.js";
import { Xen } from "../xen.js";
import { Rng } from "./rng.js";

const MEM_FRAMES = 16;
const RING_GFNS = 10; // rings live in gfns 0..9
const DATA = 10 * PAGE_SIZE; // message sources: gfns 10..11
const DATA_BYTES = 2 * PAGE_SIZE;
const SCRATCH = 12 * PAGE_SIZE; // the guest library's scratch: gfns 12..15

export class InvariantViolation extends Error {}

interface Expected {
  domid: number;
  aport: number;
  type: number;
  bytes: Uint8Array;
}

interface Track {
  ring: ArgoRing;
  /** Messages sent and not yet read, while the ring is in sync with the model. */
  queue: Expected[];
  synced: boolean;
}

const WORLDS: readonly (readonly [XenArch, readonly GuestMode[]])[] = [
  ["arm64", ["aarch64", "aarch32", "aarch64"]],
  ["arm32", ["aarch32", "aarch32"]],
  ["x86_64", ["pv64", "pv32", "hvm64", "hvm32"]],
];

/** One fuzzing world: a machine, its guests and the model of what their rings should hold. */
export class ArgoFuzzer {
  readonly xen: Xen;
  private readonly rng: Rng;
  private readonly guests = new Map<number, ArgoGuest>();
  private readonly tracks = new Map<string, Track>();
  private readonly modes: readonly GuestMode[];
  private readonly shadow = new Map<Domain, Map<number, Int32Array>>();
  private readonly outBuf = new Uint8Array(1 << 16);
  steps = 0;

  constructor(seed: number) {
    this.rng = new Rng(seed);
    const [arch, modes] = this.rng.pick(WORLDS);
    this.modes = modes;
    const cmdline = this.rng.chance(0.9)
      ? "argo=1,mac-permissive=1"
      : this.rng.pick(["argo=1", "", "argo=no"]);
    const release = this.rng.chance(0.1) ? "4.12" : "4.22";
    this.xen = new Xen({ arch, cmdline, release });
    modes.forEach((_, i) => this.create(i + 1));
  }

  private create(id: number): void {
    const mode = this.modes[id - 1]!;
    this.xen.createDomain({
      id,
      mode,
      memory: MEM_FRAMES * PAGE_SIZE,
      argo: !this.rng.chance(0.05),
    });
    this.guests.set(id, new ArgoGuest(this.xen, id, { scratch: SCRATCH }));
    const d = this.xen.domain(id);
    for (let g = 0; g < MEM_FRAMES; g++) d.memory.frame(g); // touch all: the shadow covers everything
    for (let g = 10; g < 12; g++)
      d.memory.frame(g).forEach((_, i, a) => (a[i] = (g * 31 + i * 7) & 0xff));
  }

  private domids(): number[] {
    return [...this.guests.keys()];
  }

  private fail(msg: string): never {
    throw new InvariantViolation(msg);
  }

  /** Random ring length for `npages`, mostly valid. */
  private ringLen(npages: number): number {
    const max = npages * PAGE_SIZE - 64;
    switch (this.rng.int(8)) {
      case 0:
        return this.rng.u32();
      case 1:
        return 48 + 16 * this.rng.int(4);
      default:
        return Math.max(48, max - 16 * this.rng.int(200)) & ~15;
    }
  }

  /** Snapshot every frame of every domain before a call. */
  private snapshot(): void {
    for (const d of this.xen.state.domains.values()) {
      let m = this.shadow.get(d);
      if (!m) this.shadow.set(d, (m = new Map()));
      for (let g = 0; g < MEM_FRAMES; g++) {
        const f = d.memory.frame(g);
        let s = m.get(g);
        if (!s) m.set(g, (s = new Int32Array(PAGE_SIZE / 4)));
        s.set(new Int32Array(f.buffer, f.byteOffset, PAGE_SIZE / 4));
      }
    }
  }

  /** Free byte ranges of each ring before the call: [gfn, from, to) per page chunk, as a predicate. */
  private freeRegions(): Map<Domain, { ring: RingInfo; tx: number; rx: number }[]> {
    const out = new Map<Domain, { ring: RingInfo; tx: number; rx: number }[]>();
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
    before: Map<Domain, { ring: RingInfo; tx: number; rx: number }[]>,
    notifyRange: [Domain, number, number] | null,
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
    const a = argoOf(d);
    const rings = [...(before.get(d) ?? []).map((r) => r.ring), ...(a ? allRings(a) : [])];
    for (const ring of rings) if (ring.gfns[0] === gfn && off >= 4 && off < 8) return true;
    for (const { ring, tx, rx } of before.get(d) ?? []) {
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

  private checkWrites(
    before: Map<Domain, { ring: RingInfo; tx: number; rx: number }[]>,
    notifyRange: [Domain, number, number] | null,
  ): void {
    for (const [d, m] of this.shadow) {
      if (!this.xen.state.domains.has(d.id)) continue;
      for (let g = 0; g < MEM_FRAMES; g++) {
        const f = d.memory.frame(g);
        const w = new Int32Array(f.buffer, f.byteOffset, PAGE_SIZE / 4);
        const s = m.get(g)!;
        for (let j = 0; j < w.length; j++) {
          if (w[j] === s[j]) continue;
          const old = new Uint8Array(s.buffer, j * 4, 4);
          for (let i = j * 4; i < j * 4 + 4; i++)
            if (f[i] !== old[i - j * 4] && !this.byteAllowed(d, g, i, before, notifyRange))
              this.fail(`Xen wrote d${d.id} gfn ${g} offset ${i} outside any free ring region`);
        }
      }
    }
  }

  private key(domid: number, aport: number, partner: number): string {
    return `${domid}:${aport}:${partner}`;
  }

  /**
   * Whether a ring's content can be checked: its pages are distinct and no other live ring of
   * its domain shares one (Xen's guarantees are per ring; aliased pages void them).
   */
  private syncable(d: Domain, aport: number, partner: number, gfns: readonly number[]): boolean {
    if (new Set(gfns).size !== gfns.length) return false;
    const a = argoOf(d);
    if (!a) return false;
    for (const r of allRings(a)) {
      if (r.id.aport === aport && r.id.partnerId === partner) continue;
      if (r.gfns.some((g) => gfns.includes(g))) return false;
    }
    return true;
  }

  /** After any call: a ring that now shares pages with another can no longer be checked. */
  private unsyncOverlaps(): void {
    for (const [k, t] of this.tracks) {
      if (!t.synced) continue;
      const owner = Number(k.split(":")[0]);
      const d = this.xen.state.domains.get(owner);
      if (!d || !this.syncable(d, t.ring.aport, t.ring.partner, t.ring.gfns)) t.synced = false;
    }
  }

  /** Run one random action; throws InvariantViolation on a broken guarantee. */
  step(): void {
    this.steps++;
    const ids = this.domids();
    const id = this.rng.pick(ids);
    const g = this.guests.get(id)!;
    const r = this.rng.int(100);
    if (r < 18) this.register(g);
    else if (r < 55) this.sendv(g);
    else if (r < 70) this.receive(g);
    else if (r < 78) this.notify(g);
    else if (r < 82) this.unregister(g);
    else if (r < 92) this.raw(g);
    else if (r < 96) this.hostileRx(g);
    else if (r < 97 && ids.length > 1) this.destroyRecreate(id);
    else this.receive(g);
  }

  private call(
    g: ArgoGuest,
    fn: () => number,
    notifyRange: [Domain, number, number] | null = null,
  ): number {
    let before: Map<Domain, { ring: RingInfo; tx: number; rx: number }[]> | null = null;
    // The guest writes its structs first; memory is captured at the hypercall instruction.
    g.beforeExecute = () => {
      this.snapshot();
      before = this.freeRegions();
    };
    const rc = fn();
    g.beforeExecute = null;
    if (before !== null) this.checkWrites(before, notifyRange);
    this.unsyncOverlaps();
    return rc;
  }

  private register(g: ArgoGuest): void {
    const rng = this.rng;
    const npages = 1 + rng.int(3);
    const start = rng.int(RING_GFNS - npages);
    const gfns = Array.from({ length: npages }, (_, i) =>
      rng.chance(0.9) ? start + i : rng.int(RING_GFNS),
    );
    if (rng.chance(0.5)) gfns.reverse();
    const aport = rng.int(3);
    const partner = rng.chance(0.4)
      ? XEN_ARGO_DOMID_ANY
      : rng.chance(0.9)
        ? rng.pick(this.domids())
        : rng.int(0x8000);
    const len = this.ringLen(npages);
    const flags = rng.chance(0.9) ? rng.int(2) : rng.u32();
    // A hostile tx/rx before registration: Xen keeps a valid tx_ptr, resets a bad one.
    // (Only on a page no live ring uses: a guest scribbling on its own live ring is its own bug.)
    const a = argoOf(g.domain);
    const inUse = a !== null && allRings(a).some((r) => r.gfns.includes(gfns[0]!));
    if (!inUse && rng.chance(0.3)) {
      const f = g.domain.memory.frame(gfns[0]!);
      f[4] = rng.int(256);
      f[5] = rng.int(16);
    }
    const res = this.call(g, () => {
      const out = g.registerRing({ aport, partner, gfns, len, flags });
      return typeof out === "number" ? out : 0;
    });
    const k = this.key(g.domid, aport, partner);
    this.resyncTracks(g.domain);
    if (res === 0) {
      const ring = new ArgoRing(g.domain, aport, partner, len, gfns);
      const synced = this.syncable(g.domain, aport, partner, gfns);
      if (synced) ring.rxPtr = ring.txPtr; // the driver starts reading where Xen will write
      this.tracks.set(k, { ring, queue: [], synced });
    }
  }

  private unregister(g: ArgoGuest): void {
    const aport = this.rng.int(3);
    const partner = this.rng.chance(0.5) ? XEN_ARGO_DOMID_ANY : this.rng.pick(this.domids());
    const rc = this.call(g, () => g.unregisterRing(aport, partner));
    if (rc === 0) this.tracks.delete(this.key(g.domid, aport, partner));
  }

  private sendv(g: ArgoGuest): void {
    const rng = this.rng;
    const dst = rng.chance(0.95) ? rng.pick(this.domids()) : rng.int(0x8000);
    const aport = rng.int(3);
    const niov = rng.chance(0.95) ? rng.int(4) : rng.int(10);
    const iovs: number[] = [];
    const parts: Uint8Array[] = [];
    for (let i = 0; i < niov; i++) {
      const len = rng.chance(0.9) ? rng.int(rng.chance(0.8) ? 200 : 3000) : rng.u32();
      const addr = rng.chance(0.95) ? DATA + rng.int(DATA_BYTES - 3000) : rng.u32() * 4096;
      iovs.push(addr, len);
      const b = len <= DATA_BYTES ? g.domain.memory.readBytes(addr, len) : undefined;
      parts.push(b ?? new Uint8Array(0));
    }
    const srcAport = rng.u32();
    const type = rng.u32();
    const dd = this.xen.state.domains.get(dst);
    // Which ring the model expects Xen to pick: the exact partner ring first, then wildcard.
    const da = dd ? argoOf(dd) : null;
    const xr = da
      ? (allRings(da).find((r) => r.id.aport === aport && r.id.partnerId === g.domid) ??
        allRings(da).find((r) => r.id.aport === aport && r.id.partnerId === XEN_ARGO_DOMID_ANY))
      : undefined;
    const tk = xr ? this.tracks.get(this.key(dst, aport, xr.id.partnerId)) : undefined;
    const t =
      tk && xr && tk.ring.gfns.join() === xr.gfns.join() && tk.ring.len === xr.len ? tk : undefined;
    const txBefore = xr?.txPtr;
    const rc = this.call(g, () => g.sendv(dst, aport, iovs, { srcAport, type }));
    const total = parts.reduce((s, p) => s + p.length, 0);
    // rc 0 is a delivered empty message, or (4.12) a full ring: a delivery always moves tx.
    if (rc > 0 || (rc === 0 && xr !== undefined && xr.txPtr !== txBefore)) {
      if (rc !== total) this.fail(`sendv returned ${rc}, iovs hold ${total} bytes`);
      if (!dd) this.fail(`sendv succeeded to a domain that does not exist (d${dst})`);
      if (t?.synced) {
        const bytes = new Uint8Array(total);
        let o = 0;
        for (const p of parts) {
          bytes.set(p, o);
          o += p.length;
        }
        t.queue.push({ domid: g.domid, aport: srcAport, type, bytes });
      }
    }
  }

  private receive(g: ArgoGuest): void {
    for (const [k, t] of this.tracks) {
      if (!k.startsWith(`${g.domid}:`)) continue;
      if (!t.synced) {
        // Resume checking only when the ring's tx_ptr field still agrees with Xen's private
        // tx_ptr: an aliased ring may have overwritten it, which is the guest's own doing.
        const a = argoOf(g.domain);
        const live = a
          ? allRings(a).find(
              (r) => r.id.aport === t.ring.aport && r.id.partnerId === t.ring.partner,
            )
          : undefined;
        if (live && live.txPtr === t.ring.txPtr && this.rng.chance(0.5)) {
          t.ring.rxPtr = t.ring.txPtr;
          t.queue.length = 0;
          t.synced = this.syncable(g.domain, t.ring.aport, t.ring.partner, t.ring.gfns);
        }
        continue;
      }
      for (;;) {
        const n = t.ring.receive(this.outBuf);
        if (n < 0) break;
        const e = t.queue.shift();
        if (!e) this.fail(`ring ${k}: a message nobody sent (${n} bytes)`);
        if (n !== e.bytes.length) this.fail(`ring ${k}: length ${n}, sent ${e.bytes.length}`);
        if (t.ring.lastSourceDomid !== e.domid || t.ring.lastSourceAport !== e.aport)
          this.fail(
            `ring ${k}: source d${t.ring.lastSourceDomid}:${t.ring.lastSourceAport}, sent by d${e.domid}:${e.aport}`,
          );
        if (t.ring.lastType !== e.type)
          this.fail(`ring ${k}: type ${t.ring.lastType}, sent ${e.type}`);
        for (let i = 0; i < n; i++)
          if (this.outBuf[i] !== e.bytes[i])
            this.fail(`ring ${k}: byte ${i} differs from what was sent`);
      }
      if (t.queue.length !== 0)
        this.fail(`ring ${k}: ${t.queue.length} sent messages never arrived`);
    }
  }

  private notify(g: ArgoGuest): void {
    const rng = this.rng;
    const n = rng.int(4);
    const qs = Array.from({ length: n }, () => ({
      domid: rng.chance(0.9) ? rng.pick(this.domids()) : rng.int(0x8000),
      aport: rng.int(3),
      spaceRequired: rng.chance(0.8) ? rng.int(5000) : rng.u32(),
    }));
    const base = SCRATCH + PAGE_SIZE;
    this.call(g, () => g.notify(qs).rc, [g.domain, base + 8, base + 8 + 20 * n]);
  }

  /** A raw hypercall with hostile registers: any op, any 64-bit argument. */
  private raw(g: ArgoGuest): void {
    const rng = this.rng;
    const cmd = rng.pick([
      XEN_ARGO_OP_register_ring,
      XEN_ARGO_OP_unregister_ring,
      XEN_ARGO_OP_sendv,
      XEN_ARGO_OP_notify,
      0,
      5,
      rng.u32(),
    ]);
    const arg = () =>
      rng.chance(0.5)
        ? SCRATCH + rng.int(2 * PAGE_SIZE)
        : rng.chance(0.5)
          ? rng.int(16)
          : rng.u32() * (rng.chance(0.5) ? 0x100000 : 1);
    const a1 = arg();
    const a2 = arg();
    const a3 = arg();
    const a4 = arg();
    // Hostile calls that may register or drop rings the model tracks invalidate its view.
    let nr: [Domain, number, number] | null = null;
    if (cmd === XEN_ARGO_OP_notify) nr = [g.domain, a1 + 8, a1 + 8 + 20 * 256];
    const rc = this.call(g, () => g.hypercall(cmd, a1, a2, a3, a4), nr);
    // A raw send delivered something the model did not write down: stop checking contents.
    if (cmd === XEN_ARGO_OP_sendv && rc >= 0)
      for (const t of this.tracks.values()) t.synced = false;
    if (cmd === XEN_ARGO_OP_register_ring || cmd === XEN_ARGO_OP_unregister_ring)
      this.resyncTracks(g.domain);
  }

  /** Forget tracked rings of `d` that Xen no longer has as the model thought. */
  private resyncTracks(d: Domain): void {
    const a = argoOf(d);
    for (const [k, t] of this.tracks) {
      if (!k.startsWith(`${d.id}:`)) continue;
      const live = a
        ? allRings(a).find((r) => r.id.aport === t.ring.aport && r.id.partnerId === t.ring.partner)
        : undefined;
      if (!live || live.gfns.join() !== t.ring.gfns.join() || live.len !== t.ring.len)
        this.tracks.delete(k);
    }
  }

  private hostileRx(g: ArgoGuest): void {
    for (const [k, t] of this.tracks) {
      if (!k.startsWith(`${g.domid}:`)) continue;
      t.ring.rxPtr = this.rng.chance(0.5) ? this.rng.u32() : this.rng.int(t.ring.len);
      t.synced = false;
      return;
    }
  }

  private destroyRecreate(id: number): void {
    this.snapshot();
    this.xen.destroyDomain(id);
    this.guests.delete(id);
    for (const k of [...this.tracks.keys()]) {
      const [owner, , partner] = k.split(":").map(Number);
      if (owner === id || partner === id) this.tracks.delete(k);
    }
    this.create(id);
  }
}

/** Run `cases` steps from `seed`, in worlds of 500 steps each; returns the steps run. */
export function fuzzArgo(seed: number, cases: number, onProgress?: (done: number) => void): number {
  let done = 0;
  let world = 0;
  while (done < cases) {
    const f = new ArgoFuzzer((seed + Math.imul(world, 0x9e3779b1)) >>> 0);
    const n = Math.min(500, cases - done);
    for (let i = 0; i < n; i++) {
      try {
        f.step();
      } catch (e) {
        const what = e instanceof Error ? e.message : String(e);
        throw new InvariantViolation(
          `seed ${seed} world ${world} step ${i} (case ${done + i}): ${what}`,
        );
      }
    }
    done += n;
    world++;
    onProgress?.(done);
  }
  return done;
}
