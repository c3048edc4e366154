/**
 * The random operations a fuzzing step issues, through registers like a guest would: ring
 * registration and unregistration, sendv, receive, notify, raw hostile hypercalls, a guest
 * scribbling on its rx_ptr, and domain destruction. Each updates the world's model of the rings.
 */
import { argoOf, allRings } from "../hypercalls/argo_op/index.js";
import {
  XEN_ARGO_DOMID_ANY,
  XEN_ARGO_OP_notify,
  XEN_ARGO_OP_register_ring,
  XEN_ARGO_OP_sendv,
  XEN_ARGO_OP_unregister_ring,
} from "../hypercalls/argo_op/constants.js";
import { ArgoRing, type ArgoGuest } from "../guest/argo.js";
import type { Domain } from "../machine/domain.js";
import { PAGE_SIZE } from "../machine/memory.js";
import { drainAndCheck, expectMessage } from "./message-check.js";
import { fail } from "./violation.js";
import {
  DATA,
  DATA_BYTES,
  RING_GFNS,
  SCRATCH,
  findRing,
  sameGfns,
  type FuzzWorld,
} from "./world.js";
import type { NotifyRange, WriteCheck } from "./write-check.js";

export class ArgoOps {
  private readonly outBuf = new Uint8Array(1 << 16);

  constructor(
    private readonly world: FuzzWorld,
    private readonly writes: WriteCheck,
  ) {}

  /** Random ring length for `npages`, mostly valid. */
  private ringLen(npages: number): number {
    const rng = this.world.rng;
    const max = npages * PAGE_SIZE - 64;
    switch (rng.int(8)) {
      case 0:
        return rng.u32();
      case 1:
        return 48 + 16 * rng.int(4);
      default:
        return Math.max(48, max - 16 * rng.int(200)) & ~15;
    }
  }

  private call(g: ArgoGuest, fn: () => number, notifyRange: NotifyRange = null): number {
    const rc = this.writes.around(g, fn, notifyRange);
    this.world.unsyncOverlaps();
    return rc;
  }

  register(g: ArgoGuest): void {
    const world = this.world;
    const rng = world.rng;
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
        ? rng.pick(world.domids())
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
    const k = world.key(g.domid, aport, partner);
    world.resyncTracks(g.domain);
    if (res === 0) {
      const ring = new ArgoRing(g.domain, aport, partner, len, gfns);
      const synced = world.syncable(g.domain, aport, partner, gfns);
      if (synced) ring.rxPtr = ring.txPtr; // the driver starts reading where Xen will write
      world.tracks.set(k, { ring, queue: [], synced });
    }
  }

  unregister(g: ArgoGuest): void {
    const world = this.world;
    const aport = world.rng.int(3);
    const partner = world.rng.chance(0.5) ? XEN_ARGO_DOMID_ANY : world.rng.pick(world.domids());
    const rc = this.call(g, () => g.unregisterRing(aport, partner));
    if (rc === 0) world.tracks.delete(world.key(g.domid, aport, partner));
  }

  sendv(g: ArgoGuest): void {
    const world = this.world;
    const rng = world.rng;
    const dst = rng.chance(0.95) ? rng.pick(world.domids()) : rng.int(0x8000);
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
    const dd = world.xen.state.domains.get(dst);
    // Which ring the model expects Xen to pick: the exact partner ring first, then wildcard.
    const da = dd ? argoOf(dd) : null;
    const xr = da
      ? (findRing(da, aport, g.domid) ?? findRing(da, aport, XEN_ARGO_DOMID_ANY))
      : undefined;
    const tk = xr ? world.tracks.get(world.key(dst, aport, xr.id.partnerId)) : undefined;
    const t =
      tk && xr && sameGfns(tk.ring.gfns, xr.gfns) && tk.ring.len === xr.len ? tk : undefined;
    const txBefore = xr?.txPtr;
    const rc = this.call(g, () => g.sendv(dst, aport, iovs, { srcAport, type }));
    const total = parts.reduce((s, p) => s + p.length, 0);
    // rc 0 is a delivered empty message, or (4.12) a full ring: a delivery always moves tx.
    if (rc > 0 || (rc === 0 && xr !== undefined && xr.txPtr !== txBefore)) {
      if (rc !== total) fail(`sendv returned ${rc}, iovs hold ${total} bytes`);
      if (!dd) fail(`sendv succeeded to a domain that does not exist (d${dst})`);
      if (t?.synced) expectMessage(t, g.domid, srcAport, type, parts, total);
    }
  }

  receive(g: ArgoGuest): void {
    const world = this.world;
    for (const [k, t] of world.tracks) {
      if (t.ring.domain.id !== g.domid) continue; // not a ring of g's (keys start with the owner)
      if (!t.synced) {
        // Resume checking only when the ring's tx_ptr field still agrees with Xen's private
        // tx_ptr: an aliased ring may have overwritten it, which is the guest's own doing.
        const a = argoOf(g.domain);
        const live = a ? findRing(a, t.ring.aport, t.ring.partner) : undefined;
        if (live && live.txPtr === t.ring.txPtr && world.rng.chance(0.5)) {
          t.ring.rxPtr = t.ring.txPtr;
          t.queue.length = 0;
          t.synced = world.syncable(g.domain, t.ring.aport, t.ring.partner, t.ring.gfns);
        }
        continue;
      }
      drainAndCheck(k, t, this.outBuf);
    }
  }

  notify(g: ArgoGuest): void {
    const world = this.world;
    const rng = world.rng;
    const n = rng.int(4);
    const qs = Array.from({ length: n }, () => ({
      domid: rng.chance(0.9) ? rng.pick(world.domids()) : rng.int(0x8000),
      aport: rng.int(3),
      spaceRequired: rng.chance(0.8) ? rng.int(5000) : rng.u32(),
    }));
    const base = SCRATCH + PAGE_SIZE;
    this.call(g, () => g.notify(qs).rc, [g.domain, base + 8, base + 8 + 20 * n]);
  }

  /** A raw hypercall with hostile registers: any op, any 64-bit argument. */
  raw(g: ArgoGuest): void {
    const world = this.world;
    const rng = world.rng;
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
      for (const t of world.tracks.values()) t.synced = false;
    if (cmd === XEN_ARGO_OP_register_ring || cmd === XEN_ARGO_OP_unregister_ring)
      world.resyncTracks(g.domain);
  }

  /** The guest scribbles on the rx_ptr of one of its rings: checking that ring stops. */
  hostileRx(g: ArgoGuest): void {
    const world = this.world;
    for (const t of world.tracks.values()) {
      if (t.ring.domain.id !== g.domid) continue;
      t.ring.rxPtr = world.rng.chance(0.5) ? world.rng.u32() : world.rng.int(t.ring.len);
      t.synced = false;
      return;
    }
  }

  destroyRecreate(id: number): void {
    this.writes.snapshot();
    this.world.recreate(id);
  }
}
