/**
 * Machines share nothing: two machines run interleaved, one re-entering the other through a
 * policy hook, and each guest sees exactly the bytes and registers it sees when its machine
 * runs alone. A dropped machine (and its guest memory) can be collected.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import type { GuestMode, XenArch } from "../abi/modes.js";
import { PAGE_SIZE, type GuestMemory } from "../machine/memory.js";
import type { ArgoPolicy } from "../xsm/hooks.js";
import { Xen } from "../xen.js";
import { ArgoGuest, type ArgoRing } from "./argo.js";

interface World {
  xen: Xen;
  /** Run the world's next step; false when it has none left. */
  step(): boolean;
  results: number[];
}

/**
 * A machine with a sender (domain 1) and a receiver ring (domain 2). Each step is a sendv of
 * several iovs followed by a notify with queries: every struct read and write-back and the
 * iov scratch are exercised. `onSend` runs inside the send hook of every policy check.
 */
function world(
  arch: XenArch,
  modes: [GuestMode, GuestMode],
  seed: number,
  onSend: () => void,
): World {
  const policy: ArgoPolicy = {
    enable: () => 0,
    registerSingleSource: () => 0,
    registerAnySource: () => 0,
    send: () => {
      onSend();
      return 0;
    },
  };
  const xen = new Xen({
    arch,
    cmdline: "argo=1,mac-permissive=1",
    argoPolicy: policy,
    debug: true,
  });
  xen.createDomain({ id: 1, mode: modes[0] });
  xen.createDomain({ id: 2, mode: modes[1] });
  const a = new ArgoGuest(xen, 1, { scratch: 0x80000 });
  const b = new ArgoGuest(xen, 2, { scratch: 0x80000 });
  const ring = b.registerRing({ aport: 7, partner: 1, gfns: [0x30, 0x31] }) as ArgoRing;
  const results: number[] = [];
  let n = 0;
  const step = () => {
    if (n === 3) return false;
    const k = n++;
    // Distinct bytes per machine, step and iov, at distinct addresses.
    const iovs: number[] = [];
    for (let i = 0; i < 3 + (seed % 3); i++) {
      const at = 0x10000 + seed * 0x1000 + i * 0x100;
      const len = 4 + ((seed + i + k) % 5) * 7;
      a.domain.memory.write(
        at,
        new Uint8Array(len).map((_, j) => seed * 31 + k * 7 + i + j),
      );
      iovs.push(at, len);
    }
    results.push(a.sendv(2, 7, iovs, { srcAport: 100 + seed, type: seed * 10 + k }));
    const q = a.notify([
      { domid: 2, aport: 7, spaceRequired: 16 * (k + 1) + seed },
      { domid: 2, aport: 8 + seed },
    ]);
    results.push(q.rc, ...q.results.flatMap((r) => [r.flags, r.maxMessageSize]));
    const out = new Uint8Array(256);
    results.push(ring.receive(out), ...out);
    return true;
  };
  return { xen, step, results };
}

/** Every mapped frame's bytes, in frame order (an unmapped frame, such as frame 0, reads as nothing). */
function allFrames(mem: GuestMemory): Uint8Array {
  const out = new Uint8Array(mem.size);
  for (let gfn = 0; gfn < mem.size / PAGE_SIZE; gfn++)
    if (mem.hasFrame(gfn)) out.set(mem.readBytes(gfn * PAGE_SIZE, PAGE_SIZE)!, gfn * PAGE_SIZE);
  return out;
}

/** Every guest-visible byte: each domain's memory, every vCPU register, pending virqs. */
function snapshot(w: World) {
  return [1, 2].map((id) => {
    const d = w.xen.domain(id);
    return {
      memory: allFrames(d.memory),
      regs: d.vcpus.map((v) => [...v.regs.words]),
      virqs: [...d.pendingVirqs],
      results: w.results,
    };
  });
}

function runAlone(arch: XenArch, modes: [GuestMode, GuestMode], seed: number) {
  const w = world(arch, modes, seed, () => {});
  while (w.step());
  return snapshot(w);
}

describe("two machines share nothing", () => {
  it.each([
    ["x86_64", ["pv64", "hvm64"], "x86_64", ["pv32", "hvm32"]],
    ["arm64", ["aarch64", "aarch32"], "arm32", ["aarch32", "aarch32"]],
  ] as const)(
    "%s %j re-entering %s %j through its send hook: each sees what it sees alone",
    (archA, modesA, archB, modesB) => {
      const aliceAlone = runAlone(archA, [...modesA], 1);
      const bobAlone = runAlone(archB, [...modesB], 2);
      // B steps inside A's hook, in the middle of A's sendv and notify.
      const bob = world(archB, [...modesB], 2, () => {});
      const alice = world(archA, [...modesA], 1, () => void bob.step());
      while (alice.step());
      while (bob.step());
      expect(bob.results.length).toBe(bobAlone[0]!.results.length);
      const a = snapshot(alice);
      const b = snapshot(bob);
      for (const [got, want] of [
        [a, aliceAlone],
        [b, bobAlone],
      ] as const) {
        for (let i = 0; i < 2; i++) {
          expect(got[i]!.results).toEqual(want[i]!.results);
          expect(got[i]!.regs).toEqual(want[i]!.regs);
          expect(got[i]!.virqs).toEqual(want[i]!.virqs);
          // toEqual on 1 MiB arrays is slow to report; compare, then point at the first difference.
          const diff = got[i]!.memory.findIndex((x, j) => x !== want[i]!.memory[j]);
          expect(diff, `domain ${i + 1}: first differing byte`).toBe(-1);
        }
      }
      // The interleaving really happened: A's first send ran B's step inside it.
      expect(alice.results[0]).toBeGreaterThan(0);
    },
  );
});

describe("a dropped machine", () => {
  it("is collectable, guest memory and all", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const refs = ((): { xen: WeakRef<Xen>; slab: WeakRef<ArrayBufferLike> } => {
      const w = world("x86_64", ["pv64", "hvm64"], 3, () => {});
      while (w.step());
      return {
        xen: new WeakRef(w.xen),
        slab: new WeakRef(w.xen.domain(1).memory.frame(0x10).buffer),
      };
    })();
    for (let i = 0; i < 20 && (refs.xen.deref() ?? refs.slab.deref()) !== undefined; i++) {
      await new Promise((r) => setTimeout(r, 0));
      gc();
    }
    expect(refs.xen.deref()).toBeUndefined();
    expect(refs.slab.deref()).toBeUndefined();
  });
});
