/**
 * GNTTABOP_swap_grant_ref (xen/common/grant_table.c: gnttab_swap_grant_ref, swap_grant_ref):
 * two entries of the caller's own table change places, v1 and v2 (with the status words),
 * each op with its own GNTST_* status. Also what the machine does with GNTTABOP_cache_flush.
 */
import { describe, expect, it } from "vitest";
import {
  GNTMAP_host_map,
  GNTST_okay,
  GTF_permit_access,
} from "../hypercalls/grant_table_op/constants.js";
import { expectCheck, grantWorld, MEMORY_OP, type GrantWorld } from "./grant_table_op.testing.js";
import type { TestGuest } from "./test-guest.testing.js";

const SELF = 0x7ff0;
const OP = 0x2000;
const GT_GFN = 0x90;
const SWAP = 11;

function placeTable(g: TestGuest): void {
  g.put(OP, "xen_add_to_physmap_t", { domid: SELF, space: 1, idx: 0, gpfn: GT_GFN });
  expect(g.call(MEMORY_OP, [7, OP])).toBe(0);
}

function entry(g: TestGuest, ref: number) {
  return g.get(GT_GFN * 4096 + ref * 8, "grant_entry_v1_t");
}

/** swap_grant_ref of (a, b) pairs from guest g: the call's result and each op's status. */
function swap(w: GrantWorld, g: TestGuest, pairs: [number, number][]): [number, number[]] {
  const size = 12;
  pairs.forEach(([a, b], i) =>
    g.put(OP + i * size, "gnttab_swap_grant_ref_t", { ref_a: a, ref_b: b, status: 0x55 }),
  );
  const rc = w.op(g, SWAP, OP, pairs.length);
  const st = pairs.map((_, i) => {
    const s = Number(g.get(OP + i * size, "gnttab_swap_grant_ref_t").status as bigint);
    return s;
  });
  return [rc, st];
}

describe("grant_table_op: swap_grant_ref", () => {
  for (const [mode, arch] of [
    ["aarch64", "arm64"],
    ["hvm64", "x86_64"],
    ["pv32", "x86_64"],
  ] as const) {
    it(`${mode}: swaps two v1 entries; the same ref twice is a no-op`, () => {
      const w = grantWorld(mode, arch);
      const { g1 } = w;
      if (mode !== "pv32") placeTable(g1);
      else expect(swap(w, g1, [[0, 0]])).toEqual([0, [0]]); // the table exists from the first op
      const t = g1.domain.gnttab!;
      const write = (ref: number, f: Record<string, number>) => {
        const b = new Uint8Array(8);
        new DataView(b.buffer).setUint16(0, f.flags!, true);
        new DataView(b.buffer).setUint16(2, f.domid!, true);
        new DataView(b.buffer).setUint32(4, f.frame!, true);
        t.shared[0]!.set(b, ref * 8);
      };
      write(3, { flags: GTF_permit_access, domid: 2, frame: 0x40 });
      write(511, { flags: GTF_permit_access, domid: 5, frame: 0x77 });
      const [rc, st] = swap(w, g1, [
        [3, 511],
        [7, 7],
      ]);
      expect(rc).toBe(0);
      expect(st).toEqual([GNTST_okay, GNTST_okay]);
      const view = new DataView(t.shared[0]!.buffer);
      expect([view.getUint16(3 * 8 + 2, true), view.getUint32(3 * 8 + 4, true)]).toEqual([5, 0x77]);
      expect([view.getUint16(511 * 8 + 2, true), view.getUint32(511 * 8 + 4, true)]).toEqual([
        2, 0x40,
      ]);
      if (mode !== "pv32") expect(entry(g1, 3).domid).toBe(5n);
    });
  }

  it("reports each check; statuses are per op and the batch goes on", () => {
    const w = grantWorld();
    const { g1, g2 } = w;
    placeTable(g1);
    // 512 v1 entries in the one frame: 512 is out of range, as ref_a and as ref_b.
    swap(w, g1, [[512, 0]]);
    expectCheck(
      w,
      Number(g1.get(OP, "gnttab_swap_grant_ref_t").status as bigint),
      "grant_table_op.swap_grant_ref.bad_ref_a",
    );
    swap(w, g1, [[0, 512]]);
    expectCheck(
      w,
      Number(g1.get(OP, "gnttab_swap_grant_ref_t").status as bigint),
      "grant_table_op.swap_grant_ref.bad_ref_b",
    );
    // ref_b is checked before the same-ref shortcut.
    expect(swap(w, g1, [[512, 512]])[1]).toEqual([-3]);
    // A mapped entry is pinned: -EAGAIN status (GNTST_eagain) on either side.
    g1.put(GT_GFN * 4096 + 8 * 8, "grant_entry_v1_t", {
      flags: GTF_permit_access,
      domid: 2,
      frame: 0x40,
    });
    g2.put(OP, "gnttab_map_grant_ref_t", {
      host_addr: 0x50 * 4096,
      flags: GNTMAP_host_map,
      ref: 8,
      dom: 1,
    });
    expect(w.op(g2, 0, OP, 1)).toBe(0);
    expect(g2.get(OP, "gnttab_map_grant_ref_t").status).toBe(0n);
    swap(w, g1, [[8, 9]]);
    expectCheck(
      w,
      Number(g1.get(OP, "gnttab_swap_grant_ref_t").status as bigint),
      "grant_table_op.swap_grant_ref.busy_a",
    );
    swap(w, g1, [[9, 8]]);
    expectCheck(
      w,
      Number(g1.get(OP, "gnttab_swap_grant_ref_t").status as bigint),
      "grant_table_op.swap_grant_ref.busy_b",
    );
    const [rc, st] = swap(w, g1, [
      [512, 1],
      [1, 2],
    ]);
    expect([rc, st]).toEqual([0, [-3, 0]]);
    expectCheck(w, w.op(g1, SWAP, 0xf_fff8, 1), "grant_table_op.swap_grant_ref.copy_in");
  });

  it("v2 (x86): 16-byte entries move with their status words", () => {
    const w = grantWorld("hvm64", "x86_64");
    const { g1 } = w;
    g1.put(OP, "gnttab_set_version_t", { version: 2 });
    expect(w.op(g1, 8, OP, 1)).toBe(0);
    const t = g1.domain.gnttab!;
    t.shared[0]!.fill(0xaa, 1 * 16, 2 * 16);
    t.shared[0]!.fill(0xbb, 255 * 16, 256 * 16);
    new DataView(t.status[0]!.buffer).setUint16(2, 0x1234, true);
    expect(swap(w, g1, [[1, 255]])).toEqual([0, [0]]);
    expect(t.shared[0]!.slice(16, 32).every((x) => x === 0xbb)).toBe(true);
    expect(t.shared[0]!.slice(255 * 16, 256 * 16).every((x) => x === 0xaa)).toBe(true);
    const sv = new DataView(t.status[0]!.buffer);
    expect([sv.getUint16(2, true), sv.getUint16(510, true)]).toEqual([0, 0x1234]);
    // 256 v2 entries per frame: 256 is out of range now.
    expect(swap(w, g1, [[256, 0]])[1]).toEqual([-3]);
  });

  it("a long batch is preempted and continued", () => {
    const w = grantWorld("aarch64", "arm64", { preemptBudget: 2 });
    const { g1 } = w;
    const pairs: [number, number][] = Array.from({ length: 6 }, (_, i) => [i, 511 - i]);
    const [rc, st] = swap(w, g1, pairs);
    expect(rc).toBe(0);
    expect(st).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("cache_flush: x86 has no case for it from 4.21 (-ENOSYS); before, and on Arm, it runs", () => {
    const pv = grantWorld("pv64", "x86_64");
    expectCheck(pv, pv.op(pv.g1, 12, OP, 1), "grant_table_op.entry.unknown_cmd");
    const old = grantWorld("pv64", "x86_64", { release: "4.20" });
    old.g1.put(OP, "gnttab_cache_flush_t", { a: 0, offset: 0, length: 0, op: 0 });
    expect(old.op(old.g1, 12, OP, 1)).toBe(0);
    const arm = grantWorld();
    arm.g1.put(OP, "gnttab_cache_flush_t", { a: 0, offset: 0, length: 0, op: 0 });
    // Opaque bits are allowed for cache_flush: a ref to resume at, stale for an empty op.
    expectCheck(arm, arm.op(arm.g1, 12 | 0x1000, OP, 1), "grant_table_op.cache_flush.stale_ref");
  });
});
