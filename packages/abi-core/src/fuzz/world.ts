/**
 * One fuzzing world: a Xen of a random architecture, its Argo guests of every mode that runs
 * there, and the model of what each registered ring should hold.
 */
import type { GuestMode, XenArch } from "../abi/modes.js";
import { argoOf, type ArgoDomain, type RingInfo } from "../hypercalls/argo_op/index.js";
import { ArgoGuest, type ArgoRing } from "../guest/argo.js";
import type { Domain } from "../machine/domain.js";
import { PAGE_SIZE } from "../machine/memory.js";
import { Xen } from "../xen.js";
import { Rng } from "./rng.js";

// Every domain's memory layout.
export const MEM_FRAMES = 16;
export const RING_GFNS = 10; // rings live in gfns 0..9
export const DATA = 10 * PAGE_SIZE; // message sources: gfns 10..11
export const DATA_BYTES = 2 * PAGE_SIZE;
export const SCRATCH = 12 * PAGE_SIZE; // the guest library's scratch: gfns 12..15

/** A message the model expects a receiver to read. */
export interface Expected {
  domid: number;
  aport: number;
  type: number;
  bytes: Uint8Array;
}

export interface Track {
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

export class FuzzWorld {
  readonly xen: Xen;
  readonly rng: Rng;
  readonly guests = new Map<number, ArgoGuest>();
  /** Tracked rings by key(owner, aport, partner). */
  readonly tracks = new Map<string, Track>();
  private readonly modes: readonly GuestMode[];
  /** domids()'s answer until the guests change. */
  private ids: number[] | null = null;

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
    const d = this.xen.domain(id);
    // The write check skips pages whose write count did not move (GuestMemory.writeVersion).
    d.memory.trackWrites();
    this.guests.set(id, new ArgoGuest(this.xen, id, { scratch: SCRATCH }));
    for (let g = 0; g < MEM_FRAMES; g++) d.memory.frame(g); // touch all: the shadow covers everything
    for (let g = 10; g < 12; g++) {
      const a = d.memory.frame(g);
      for (let i = 0; i < PAGE_SIZE; i++) a[i] = (g * 31 + i * 7) & 0xff;
    }
    this.ids = null;
  }

  /** Destroy domain `id`, forget every ring it owned or was the partner of, and create it anew. */
  recreate(id: number): void {
    this.xen.destroyDomain(id);
    this.guests.delete(id);
    this.ids = null;
    for (const k of [...this.tracks.keys()]) {
      const [owner, , partner] = k.split(":").map(Number);
      if (owner === id || partner === id) this.tracks.delete(k);
    }
    this.create(id);
  }

  /** The guests' domids, in the guests map's order (shared: do not change it). */
  domids(): readonly number[] {
    return (this.ids ??= [...this.guests.keys()]);
  }

  key(domid: number, aport: number, partner: number): string {
    return `${domid}:${aport}:${partner}`;
  }

  /**
   * Whether a ring's content can be checked: its pages are distinct and no other live ring of
   * its domain shares one (Xen's guarantees are per ring; aliased pages void them).
   */
  syncable(d: Domain, aport: number, partner: number, gfns: readonly number[]): boolean {
    for (let i = 1; i < gfns.length; i++) if (gfns.indexOf(gfns[i]!) < i) return false;
    const a = argoOf(d);
    if (!a) return false;
    for (const bucket of a.ringHash)
      for (const r of bucket) {
        if (r.id.aport === aport && r.id.partnerId === partner) continue;
        for (const g of r.gfns) if (gfns.includes(g)) return false;
      }
    return true;
  }

  /** After any call: a ring that now shares pages with another can no longer be checked. */
  unsyncOverlaps(): void {
    for (const t of this.tracks.values()) {
      if (!t.synced) continue;
      // The track's key starts with the ring's owner, t.ring.domain.
      const d = this.xen.state.domains.get(t.ring.domain.id);
      if (!d || !this.syncable(d, t.ring.aport, t.ring.partner, t.ring.gfns)) t.synced = false;
    }
  }

  /** Forget tracked rings of `d` that Xen no longer has as the model thought. */
  resyncTracks(d: Domain): void {
    const a = argoOf(d);
    for (const [k, t] of this.tracks) {
      if (t.ring.domain.id !== d.id) continue;
      const live = a ? findRing(a, t.ring.aport, t.ring.partner) : undefined;
      if (!live || !sameGfns(live.gfns, t.ring.gfns) || live.len !== t.ring.len)
        this.tracks.delete(k);
    }
  }
}

/** The ring of `a` with this port and partner (argo rings are unique by the two), if any. */
export function findRing(a: ArgoDomain, aport: number, partner: number): RingInfo | undefined {
  for (const bucket of a.ringHash)
    for (const r of bucket) if (r.id.aport === aport && r.id.partnerId === partner) return r;
  return undefined;
}

/** Whether two gfn lists are equal, element by element. */
export function sameGfns(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
