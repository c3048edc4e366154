/**
 * GNTTABOP_copy through version 2 sub-page and transitive grants (xen/common/grant_table.c:
 * acquire_grant_for_copy, release_grant_for_copy, gnttab_copy_buf) on x86_64: dom2 copies
 * through dom1's entries; dom3 holds the grant a transitive entry of dom1 names.
 */
import { describe, expect, it } from "vitest";
import {
  GTF_permit_access,
  GTF_readonly,
  GTF_sub_page,
  GTF_transitive,
  GNTST_okay,
} from "../hypercalls/grant_table_op/constants.js";
import { expectCheck, grantWorld, MEMORY_OP, type GrantWorld } from "./grant_table_op.testing.js";
import { TestGuest } from "./test-guest.testing.js";

const SELF = 0x7ff0;
const OP = 0x2000;
const GT_GFN = 0x90;
const DATA = 0x40;
const OWN = 0x60;

interface World extends GrantWorld {
  readonly g3: TestGuest;
}

/** dom1 on v2 (table at GT_GFN), dom3 on `v3`; each with text in its DATA frame. */
function world(v3: 1 | 2 = 1): World {
  const w = grantWorld("hvm64", "x86_64");
  w.xen.createDomain({ id: 3, mode: "hvm64", memory: 1 << 20 });
  const g3 = new TestGuest(w.xen, 3);
  for (const [g, version, text] of [
    [w.g1, 2, "dom1's page, sub-page bytes here"],
    [g3, v3, "dom3's page, the far end of it all"],
  ] as const) {
    g.put(OP, "gnttab_set_version_t", { version });
    expect(w.op(g, 8, OP, 1)).toBe(0);
    g.put(OP, "xen_add_to_physmap_t", { domid: SELF, space: 1, idx: 0, gpfn: GT_GFN });
    expect(g.call(MEMORY_OP, [7, OP])).toBe(0);
    g.domain.memory.write(DATA * 4096, new TextEncoder().encode(text));
  }
  return { ...w, g3 };
}

/** A v2 entry: header { flags, domid }, bytes 4-7 (page_off, length / trans_domid), bytes 8-15. */
function v2(
  g: TestGuest,
  ref: number,
  flags: number,
  domid: number,
  w4: number,
  w6: number,
  w8: bigint,
) {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setUint16(0, flags, true);
  v.setUint16(2, domid, true);
  v.setUint16(4, w4, true);
  v.setUint16(6, w6, true);
  v.setBigUint64(8, w8, true);
  g.domain.memory.write(GT_GFN * 4096 + ref * 16, b);
}

/** A v1 entry { flags, domid, frame }. */
function v1(g: TestGuest, ref: number, flags: number, domid: number, frame: number) {
  g.put(GT_GFN * 4096 + ref * 8, "grant_entry_v1_t", { flags, domid, frame });
}

/** The word Xen keeps GTF_reading / GTF_writing in: v2's status word, v1's flags. */
function statusWord(g: TestGuest, ref: number): number {
  const gt = g.domain.gnttab!;
  const page = gt.version === 2 ? gt.status[0]! : gt.shared[0]!;
  return new DataView(page.buffer, page.byteOffset).getUint16(
    gt.version === 2 ? ref * 2 : ref * 8,
    true,
  );
}

/** dom2 copies `len` bytes from dom1's grant `ref` at `offset` to its OWN frame; the status. */
function copyFrom(w: World, ref: number, offset: number, len: number): number {
  w.g2.domain.memory.write(OWN * 4096, new Uint8Array(64));
  w.g2.put(OP, "gnttab_copy_t", {
    source: { u: ref, domid: 1, offset },
    dest: { u: OWN, domid: SELF, offset: 0 },
    len,
    flags: 1, // GNTCOPY_source_gref
  });
  expect(w.op(w.g2, 5, OP, 1)).toBe(0);
  expect(w.unmodelled()).toBeNull();
  return Number(w.g2.get(OP, "gnttab_copy_t").status as bigint);
}

/** dom2 copies `text` from its OWN frame into dom1's grant `ref` at `offset`; the status. */
function copyTo(w: World, ref: number, offset: number, text: string): number {
  w.g2.domain.memory.write(OWN * 4096, new TextEncoder().encode(text));
  w.g2.put(OP, "gnttab_copy_t", {
    source: { u: OWN, domid: SELF, offset: 0 },
    dest: { u: ref, domid: 1, offset },
    len: text.length,
    flags: 2, // GNTCOPY_dest_gref
  });
  expect(w.op(w.g2, 5, OP, 1)).toBe(0);
  expect(w.unmodelled()).toBeNull();
  return Number(w.g2.get(OP, "gnttab_copy_t").status as bigint);
}

const got = (g: TestGuest, gfn: number, off: number, n: number) =>
  new TextDecoder().decode(g.domain.memory.readBytes(gfn * 4096 + off, n));

/** Nothing stays pinned after a copy, and the status words are clear again. */
function released(w: World, refs: [TestGuest, number][]): void {
  for (const [g, ref] of refs) {
    expect(g.domain.gnttab!.active.size, `dom${g.id} active`).toBe(0);
    expect(statusWord(g, ref) & 0x18, `dom${g.id} ref ${ref} GTF_reading|GTF_writing`).toBe(0);
  }
}

describe("grant_table_op: copy through a v2 sub-page grant", () => {
  it("reads only within page_off and length; the page bound comes first", () => {
    const w = world();
    // sub_page: page_off 7, length 8 ("page, su").
    v2(w.g1, 11, GTF_permit_access | GTF_readonly | GTF_sub_page, 2, 7, 8, BigInt(DATA));
    expect(copyFrom(w, 11, 7, 8)).toBe(GNTST_okay);
    expect(got(w.g2, OWN, 0, 8)).toBe("page, su");
    expectCheck(w, copyFrom(w, 11, 6, 2), "grant_table_op.copy.source_bounds");
    expectCheck(w, copyFrom(w, 11, 8, 8), "grant_table_op.copy.source_bounds");
    expect(got(w.g2, OWN, 0, 8)).toBe("\0".repeat(8));
    expectCheck(w, copyFrom(w, 11, 4090, 8), "grant_table_op.copy.beyond_page");
    released(w, [[w.g1, 11]]);
  });

  it("writes only within page_off and length, and not into a read-only one", () => {
    const w = world();
    v2(w.g1, 12, GTF_permit_access | GTF_sub_page, 2, 14, 8, BigInt(DATA));
    expect(copyTo(w, 12, 14, "SUBPAGE!")).toBe(GNTST_okay);
    expect(got(w.g1, DATA, 0, 32)).toBe("dom1's page, sSUBPAGE!bytes here");
    expectCheck(w, copyTo(w, 12, 13, "x"), "grant_table_op.copy.dest_bounds");
    expectCheck(w, copyTo(w, 12, 15, "12345678"), "grant_table_op.copy.dest_bounds");
    expect(got(w.g1, DATA, 0, 32)).toBe("dom1's page, sSUBPAGE!bytes here");
    v2(w.g1, 13, GTF_permit_access | GTF_readonly | GTF_sub_page, 2, 14, 8, BigInt(DATA));
    expectCheck(w, copyTo(w, 13, 14, "x"), "grant_table_op.copy.readonly_entry");
    released(w, [
      [w.g1, 12],
      [w.g1, 13],
    ]);
  });
});

describe("grant_table_op: copy through a v2 transitive grant", () => {
  it("reads and writes the far domain's page; every pin and status bit is dropped after", () => {
    const w = world();
    v1(w.g3, 5, GTF_permit_access, 1, DATA); // dom3 grants its page to dom1
    v2(w.g1, 10, GTF_transitive, 2, 3, 0, 5n); // dom1 passes it on to dom2
    expect(copyFrom(w, 10, 0, 12)).toBe(GNTST_okay);
    expect(got(w.g2, OWN, 0, 12)).toBe("dom3's page,");
    expect(copyTo(w, 10, 0, "DOM3")).toBe(GNTST_okay);
    expect(got(w.g3, DATA, 0, 12)).toBe("DOM3's page,");
    expect(got(w.g1, DATA, 0, 4)).toBe("dom1");
    released(w, [
      [w.g1, 10],
      [w.g3, 5],
    ]);
  });

  it("the far grant may be a sub-page one, and may be the caller's own", () => {
    const w = world(2);
    v2(w.g3, 5, GTF_permit_access | GTF_sub_page, 1, 7, 4, BigInt(DATA));
    v2(w.g1, 10, GTF_transitive, 2, 3, 0, 5n);
    expect(copyFrom(w, 10, 7, 4)).toBe(GNTST_okay);
    expect(got(w.g2, OWN, 0, 4)).toBe("page");
    expectCheck(w, copyFrom(w, 10, 6, 4), "grant_table_op.copy.source_bounds");
    released(w, [
      [w.g1, 10],
      [w.g3, 5],
    ]);
    // dom2's own grant to dom1, handed back to dom2 through dom1.
    w.g2.put(OP, "gnttab_set_version_t", { version: 1 });
    w.g2.put(OP, "xen_add_to_physmap_t", { domid: SELF, space: 1, idx: 0, gpfn: GT_GFN });
    expect(w.g2.call(MEMORY_OP, [7, OP])).toBe(0);
    w.g2.domain.memory.write(0x41 * 4096, new TextEncoder().encode("back home"));
    v1(w.g2, 6, GTF_permit_access, 1, 0x41);
    v2(w.g1, 10, GTF_transitive, 2, 2, 0, 6n);
    expect(copyFrom(w, 10, 0, 9)).toBe(GNTST_okay);
    expect(got(w.g2, OWN, 0, 9)).toBe("back home");
  });

  it("reports each check, and clears the status word it set", () => {
    const w = world(2);
    v2(w.g1, 10, GTF_transitive, 2, 1, 0, 5n);
    expectCheck(w, copyFrom(w, 10, 0, 4), "grant_table_op.copy.transitive_self");
    expect(statusWord(w.g1, 10)).toBe(0);
    v2(w.g1, 10, GTF_transitive, 2, 9, 0, 5n);
    expectCheck(w, copyFrom(w, 10, 0, 4), "grant_table_op.copy.transitive_domain");
    v2(w.g1, 10, GTF_transitive, 2, SELF, 0, 5n); // rcu_lock_domain_by_id: no DOMID_SELF
    expectCheck(w, copyFrom(w, 10, 0, 4), "grant_table_op.copy.transitive_domain");
    v2(w.g1, 10, GTF_transitive, 2, 3, 0, 5000n);
    expectCheck(w, copyFrom(w, 10, 0, 4), "grant_table_op.copy.bad_gntref");
    v2(w.g1, 10, GTF_transitive, 2, 3, 0, 5n);
    v2(w.g3, 5, GTF_permit_access, 2, 0, 0, BigInt(DATA)); // for dom2, not dom1
    expectCheck(w, copyFrom(w, 10, 0, 4), "grant_table_op.copy.entry");
    // One level only: the far entry may not be transitive itself.
    v2(w.g3, 5, GTF_transitive, 1, 2, 0, 6n);
    expectCheck(w, copyFrom(w, 10, 0, 4), "grant_table_op.copy.transitive_nested");
    v2(w.g3, 5, GTF_permit_access, 1, 0, 0, 0x7000n); // a frame dom3 does not have
    expectCheck(w, copyFrom(w, 10, 0, 4), "grant_table_op.copy.bad_page");
    v2(w.g3, 5, GTF_permit_access | GTF_readonly, 1, 0, 0, BigInt(DATA));
    expectCheck(w, copyTo(w, 10, 0, "x"), "grant_table_op.copy.readonly_entry");
    v2(w.g1, 10, GTF_transitive | GTF_readonly, 2, 3, 0, 5n);
    expectCheck(w, copyTo(w, 10, 0, "x"), "grant_table_op.copy.readonly_entry");
    released(w, [
      [w.g1, 10],
      [w.g3, 5],
    ]);
    expect(got(w.g3, DATA, 0, 4)).toBe("dom3");
  });
});
