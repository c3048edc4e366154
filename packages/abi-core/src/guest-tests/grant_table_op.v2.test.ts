/**
 * Version 2 grant tables on x86 (xen/common/grant_table.c: _set_status_v2, map_grant_ref,
 * acquire_grant_for_copy): a full-page v2 entry is mapped and copied like a v1 one, but Xen
 * keeps GTF_reading / GTF_writing in the entry's status word, not in its flags, and reads a
 * 64-bit frame number. Sub-page entries cannot be mapped; copying through sub-page and
 * transitive entries is in grant_table_op.copy-v2.test.ts.
 */
import { describe, expect, it } from "vitest";
import {
  GNTMAP_host_map,
  GNTMAP_readonly,
  GNTST_okay,
  GTF_permit_access,
  GTF_reading,
  GTF_readonly,
  GTF_sub_page,
  GTF_writing,
} from "../hypercalls/grant_table_op/constants.js";
import { expectCheck, grantWorld, MEMORY_OP, type GrantWorld } from "./grant_table_op.testing.js";

const SELF = 0x7ff0;
const OP = 0x2000;
const GT_GFN = 0x90;
const DATA = 0x40;
const MAP_AT = 0x50;
const OWN = 0x60;

/** dom1 switches to v2, places its table frame and writes v2 entries into it, as a guest does. */
function v2World(): GrantWorld {
  const w = grantWorld("hvm64", "x86_64");
  const { g1 } = w;
  g1.put(OP, "gnttab_set_version_t", { version: 2 });
  expect(w.op(g1, 8, OP, 1)).toBe(0);
  g1.put(OP, "xen_add_to_physmap_t", { domid: SELF, space: 1, idx: 0, gpfn: GT_GFN });
  expect(g1.call(MEMORY_OP, [7, OP])).toBe(0);
  g1.domain.memory.write(DATA * 4096, new TextEncoder().encode("v2 granted"));
  return w;
}

/** v2 entry `ref`: header { flags, domid } and full_page.frame (a uint64_t at byte 8). */
function grantV2(w: GrantWorld, ref: number, flags: number, domid: number, frame: bigint): void {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setUint16(0, flags, true);
  v.setUint16(2, domid, true);
  v.setBigUint64(8, frame, true);
  w.g1.domain.memory.write(GT_GFN * 4096 + ref * 16, b);
}

/** The status word Xen keeps for dom1's entry `ref` (its status frame). */
function statusWord(w: GrantWorld, ref: number): number {
  const page = w.g1.domain.gnttab!.status[0]!;
  return new DataView(page.buffer, page.byteOffset).getUint16(ref * 2, true);
}

function entryFlags(w: GrantWorld, ref: number): number {
  return new DataView(w.g1.domain.memory.readBytes(GT_GFN * 4096 + ref * 16, 2)!.buffer).getUint16(
    0,
    true,
  );
}

function map(w: GrantWorld, ref: number, flags = GNTMAP_host_map): number {
  w.g2.put(OP, "gnttab_map_grant_ref_t", { host_addr: MAP_AT * 4096, flags, ref, dom: 1 });
  expect(w.op(w.g2, 0, OP, 1)).toBe(0);
  return Number(w.g2.get(OP, "gnttab_map_grant_ref_t").status as bigint);
}

/** dom2 copies 10 bytes of dom1's grant `ref`. */
function copyFrom(w: GrantWorld, ref: number): number {
  w.g2.put(OP, "gnttab_copy_t", {
    source: { u: ref, domid: 1, offset: 0 },
    dest: { u: OWN, domid: SELF, offset: 0 },
    len: 10,
    flags: 1, // GNTCOPY_source_gref
  });
  expect(w.op(w.g2, 5, OP, 1)).toBe(0);
  return Number(w.g2.get(OP, "gnttab_copy_t").status as bigint);
}

describe("grant_table_op: version 2 entries", () => {
  it("map: the status word takes GTF_reading|GTF_writing, the flags stay; unmap clears it", () => {
    const w = v2World();
    grantV2(w, 8, GTF_permit_access, 2, BigInt(DATA));
    expect(map(w, 8)).toBe(GNTST_okay);
    expect(new TextDecoder().decode(w.g2.domain.memory.readBytes(MAP_AT * 4096, 10))).toBe(
      "v2 granted",
    );
    expect(statusWord(w, 8)).toBe(GTF_reading | GTF_writing);
    expect(entryFlags(w, 8)).toBe(GTF_permit_access);
    const handle = Number(w.g2.get(OP, "gnttab_map_grant_ref_t").handle as bigint);
    w.g2.put(OP, "gnttab_unmap_grant_ref_t", { host_addr: MAP_AT * 4096, handle });
    expect(w.op(w.g2, 1, OP, 1)).toBe(0);
    expect(w.g2.get(OP, "gnttab_unmap_grant_ref_t").status).toBe(0n);
    expect(statusWord(w, 8)).toBe(0);
  });

  it("map: a read-only map sets GTF_reading only; a read-only entry refuses a writable map", () => {
    const w = v2World();
    grantV2(w, 8, GTF_permit_access | GTF_readonly, 2, BigInt(DATA));
    map(w, 8);
    expectCheck(w, map(w, 8), "grant_table_op.map_grant_ref.readonly_entry");
    expect(statusWord(w, 8)).toBe(0);
    expect(map(w, 8, GNTMAP_host_map | GNTMAP_readonly)).toBe(GNTST_okay);
    expect(statusWord(w, 8)).toBe(GTF_reading);
  });

  it("map: a sub-page entry cannot be mapped; a 64-bit frame number is read whole", () => {
    const w = v2World();
    grantV2(w, 8, GTF_permit_access | GTF_sub_page, 2, BigInt(DATA));
    expectCheck(w, map(w, 8), "grant_table_op.map_grant_ref.entry");
    grantV2(w, 9, GTF_permit_access, 2, (1n << 32n) + BigInt(DATA)); // not DATA: a frame past memory
    expectCheck(w, map(w, 9), "grant_table_op.map_grant_ref.bad_page");
    expect(statusWord(w, 9)).toBe(0);
  });

  it("copy: through a full-page entry, the status word set only for the copy", () => {
    const w = v2World();
    grantV2(w, 8, GTF_permit_access | GTF_readonly, 2, BigInt(DATA));
    expect(copyFrom(w, 8)).toBe(GNTST_okay);
    expect(new TextDecoder().decode(w.g2.domain.memory.readBytes(OWN * 4096, 10))).toBe(
      "v2 granted",
    );
    expect(statusWord(w, 8)).toBe(0);
    grantV2(w, 9, GTF_permit_access, 3, BigInt(DATA)); // for another domain
    expectCheck(w, copyFrom(w, 9), "grant_table_op.copy.entry");
  });
});
