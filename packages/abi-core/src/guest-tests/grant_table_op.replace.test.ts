/**
 * GNTTABOP_unmap_and_replace (xen/common/grant_table.c: gnttab_unmap_and_replace,
 * unmap_and_replace, unmap_common; xen/arch/arm/mm.c: replace_grant_host_mapping): on Arm it
 * unmaps like unmap_grant_ref when new_addr is 0 and refuses any other new_addr; x86 HVM
 * guests never reach it; a PV guest's PTE replacement is not modelled.
 * Also GNTTABOP_transfer as Arm has it, and GNTTABOP_cache_flush.
 */
import { describe, expect, it } from "vitest";
import {
  GNTMAP_host_map,
  GNTST_okay,
  GTF_permit_access,
  GTF_reading,
  GTF_writing,
} from "../hypercalls/grant_table_op/constants.js";
import { layoutOf } from "../table/structs.js";
import { expectCheck, grantWorld, MEMORY_OP, type GrantWorld } from "./grant_table_op.testing.js";

const SELF = 0x7ff0;
const OP = 0x2000;
const GT_GFN = 0x90;
const DATA = 0x40;
const MAP_AT = 0x50;
const REPLACE = 7;

function mapped(w: GrantWorld): number {
  const { g1, g2 } = w;
  g1.put(OP, "xen_add_to_physmap_t", { domid: SELF, space: 1, idx: 0, gpfn: GT_GFN });
  expect(g1.call(MEMORY_OP, [7, OP])).toBe(0);
  g1.put(GT_GFN * 4096 + 8 * 8, "grant_entry_v1_t", {
    flags: GTF_permit_access,
    domid: 2,
    frame: DATA,
  });
  g2.put(OP, "gnttab_map_grant_ref_t", {
    host_addr: MAP_AT * 4096,
    flags: GNTMAP_host_map,
    ref: 8,
    dom: 1,
  });
  expect(w.op(g2, 0, OP, 1)).toBe(0);
  expect(g2.get(OP, "gnttab_map_grant_ref_t").status).toBe(0n);
  return Number(g2.get(OP, "gnttab_map_grant_ref_t").handle as bigint);
}

function replace(w: GrantWorld, handle: number, newAddr: number, hostAddr = MAP_AT * 4096): number {
  w.g2.put(OP, "gnttab_unmap_and_replace_t", { host_addr: hostAddr, new_addr: newAddr, handle });
  expect(w.op(w.g2, REPLACE, OP, 1)).toBe(0);
  return Number(w.g2.get(OP, "gnttab_unmap_and_replace_t").status as bigint);
}

describe("grant_table_op: unmap_and_replace", () => {
  it("Arm: a new_addr is refused and the mapping stays; new_addr 0 unmaps", () => {
    const w = grantWorld("aarch64", "arm64");
    const h = mapped(w);
    expectCheck(w, replace(w, h, 0x51 * 4096), "grant_table_op.unmap_and_replace.new_addr");
    expect(w.g2.domain.memory.isForeign(MAP_AT)).toBe(true);
    expect(w.g1.get(GT_GFN * 4096 + 64, "grant_entry_v1_t").flags).toBe(
      BigInt(GTF_permit_access | GTF_reading | GTF_writing),
    );
    expect(replace(w, h, 0)).toBe(GNTST_okay);
    expect(w.g2.domain.memory.hasFrame(MAP_AT)).toBe(false);
    expect(w.g1.get(GT_GFN * 4096 + 64, "grant_entry_v1_t").flags).toBe(BigInt(GTF_permit_access));
    // The handle is free again: unmap_common's own checks answer, under unmap_grant_ref's ids.
    expectCheck(w, replace(w, h, 0), "grant_table_op.unmap_grant_ref.handle_unused");
    expectCheck(w, replace(w, 5000, 0), "grant_table_op.unmap_grant_ref.handle_range");
    expectCheck(w, w.op(w.g2, REPLACE, 0xf_fff8, 1), "grant_table_op.unmap_and_replace.copy");
  });

  it("x86: HVM guests are refused by hvm_grant_table_op; a PV guest's replacement is not modelled", () => {
    const hvm = grantWorld("hvm64", "x86_64");
    expectCheck(hvm, hvm.op(hvm.g1, REPLACE, OP, 1), "grant_table_op.entry.hvm_filter");
    const pv = grantWorld("pv64", "x86_64");
    pv.op(pv.g1, REPLACE, OP, 1);
    expect(pv.unmodelled()).toBe("grant_table_op/unmap_and_replace(PV: page tables)");
  });
});

describe("grant_table_op: transfer", () => {
  it("Arm 4.17+: no CONFIG_PV, no transfer (-EOPNOTSUPP)", () => {
    const w = grantWorld("aarch64", "arm64");
    expectCheck(w, w.op(w.g1, 4, OP, 1), "grant_table_op.transfer.disabled");
  });

  it("Arm before 4.17: each op stops at steal_page; an unmapped frame is a bad page", () => {
    const w = grantWorld("aarch32", "arm64", { release: "4.16" });
    const size = layoutOf("gnttab_transfer_t", "aarch32").size;
    const put = (i: number, mfn: number) =>
      w.g1.put(OP + i * size, "gnttab_transfer_t", { mfn, domid: 2, ref: 8, status: 0x55 });
    put(0, DATA);
    put(1, 0x7ff); // past the guest's memory
    expect(w.op(w.g1, 4, OP, 2)).toBe(0);
    const st = (i: number) => Number(w.g1.get(OP + i * size, "gnttab_transfer_t").status as bigint);
    expect([st(0), st(1)]).toEqual([-1, -9]); // GNTST_general_error, GNTST_bad_page
    expectCheck(w, st(1), "grant_table_op.transfer.bad_page");
    put(0, DATA);
    expect(w.op(w.g1, 4, OP, 1)).toBe(0);
    expectCheck(w, st(0), "grant_table_op.transfer.steal_page");
    expectCheck(w, w.op(w.g1, 4, 0xf_fff8, 1), "grant_table_op.transfer.copy_in");
  });

  it("x86: HVM guests are refused first; a PV transfer is not modelled", () => {
    const hvm = grantWorld("hvm64", "x86_64");
    expectCheck(hvm, hvm.op(hvm.g1, 4, OP, 1), "grant_table_op.entry.hvm_filter");
    const pv = grantWorld("pv32", "x86_64");
    pv.op(pv.g1, 4, OP, 1);
    expect(pv.unmodelled()).toBe("grant_table_op/transfer(x86 PV: page ownership)");
  });
});

describe("grant_table_op: cache_flush", () => {
  /** The model's machine address of domain `domid`'s RAM frame `gfn` (io.ts ramMfn). */
  const bus = (domid: number, gfn: number) => ((domid + 16) * 2 ** 20 + gfn) * 4096;

  function flush(w: GrantWorld, a: number, offset: number, length: number, op: number, cmd = 12) {
    w.g2.put(OP, "gnttab_cache_flush_t", { a, offset, length, op });
    return w.op(w.g2, cmd, OP, 1);
  }

  it("Arm: the caller's own page, or a page granted and pinned for it; each check", () => {
    const w = grantWorld("aarch64", "arm64");
    expect(flush(w, bus(2, 0x44), 0, 4096, 3)).toBe(0);
    expectCheck(w, flush(w, bus(2, 0x44), 4096, 0, 1), "grant_table_op.cache_flush.args");
    expectCheck(w, flush(w, bus(2, 0x44), 8, 4089, 1), "grant_table_op.cache_flush.args");
    expectCheck(w, flush(w, bus(2, 0x44), 0, 16, 0x8000_0001), "grant_table_op.cache_flush.args");
    expect(flush(w, bus(2, 0x44), 0, 0, 1)).toBe(0); // nothing to do
    expectCheck(
      w,
      flush(w, bus(2, 0x44), 0, 0, 1, 12 | (5 << 12)),
      "grant_table_op.cache_flush.stale_ref",
    );
    // dom1's page: refused until dom1's grant of it is mapped by dom2.
    expectCheck(w, flush(w, bus(1, DATA), 0, 64, 1), "grant_table_op.cache_flush.no_map");
    mapped(w);
    expect(flush(w, bus(1, DATA), 0, 64, 2)).toBe(0);
    expectCheck(w, w.op(w.g2, 12, 0xf_fff8, 1), "grant_table_op.cache_flush.copy_in");
    flush(w, 0x5000, 0, 64, 1); // no page the model knows
    expect(w.unmodelled()).toBe("grant_table_op/cache_flush(a frame the model has no page for)");
  });

  it("x86 before 4.21 has the op too", () => {
    const w = grantWorld("pv64", "x86_64", { release: "4.20" });
    expect(flush(w, bus(2, 0x44), 0, 4096, 1)).toBe(0);
    expectCheck(w, flush(w, bus(1, 0x44), 0, 4096, 1), "grant_table_op.cache_flush.no_map");
  });
});
