import { describe, expect, it } from "vitest";
import { EBUSY, EINVAL, ENOSYS } from "../machine/errno.js";
import { layoutOf } from "../table/structs.js";
import { expectCheck, grantWorld, MEMORY_OP, type GrantWorld } from "./grant_table_op.testing.js";
import type { TestGuest } from "./test-guest.testing.js";
import {
  GNTMAP_device_map,
  GNTMAP_host_map,
  GNTMAP_readonly,
  GNTST_okay,
  GTF_permit_access,
  GTF_reading,
  GTF_readonly,
  GTF_writing,
} from "../hypercalls/grant_table_op/constants.js";

const SELF = 0x7ff0;
const OP = 0x2000;
const LIST = 0x3000;
const GT_GFN = 0x90; // where dom1 places its grant table frame
const DATA = 0x40; // the frame dom1 grants
const MAP_AT = 0x50; // where dom2 maps it

/** dom1 places its grant table at GT_GFN (XENMAPSPACE_grant_table, idx 0). */
function placeTable(g: TestGuest, idx = 0, gfn = GT_GFN): number {
  g.put(OP, "xen_add_to_physmap_t", { domid: SELF, space: 1, idx, gpfn: gfn });
  return g.call(MEMORY_OP, [7, OP]);
}

/** dom1 writes grant entry `ref` into its table frame, as a guest does. */
function grant(g: TestGuest, ref: number, flags: number, domid: number, frame: number): void {
  g.put(GT_GFN * 4096 + ref * 8, "grant_entry_v1_t", { flags, domid, frame });
}

function map(w: GrantWorld, g: TestGuest, fields: Record<string, number>): number {
  g.put(OP, "gnttab_map_grant_ref_t", fields);
  const rc = w.op(g, 0, OP, 1);
  expect(rc).toBe(0);
  return Number(g.get(OP, "gnttab_map_grant_ref_t").status as bigint);
}

describe("grant_table_op: query_size, setup_table, versions", () => {
  it("query_size reports one frame of 64; setup_table lists where the frames are mapped", () => {
    const w = grantWorld();
    const { g1 } = w;
    g1.put(OP, "gnttab_query_size_t", { dom: SELF });
    expect(w.op(g1, 6, OP, 1)).toBe(0);
    expect(g1.get(OP, "gnttab_query_size_t")).toMatchObject({
      nr_frames: 1n,
      max_nr_frames: 64n,
      status: 0n,
    });
    // Arm: a frame not mapped in the guest is INVALID_GFN in the list.
    g1.put(OP, "gnttab_setup_table_t", { dom: SELF, nr_frames: 2, frame_list: LIST });
    expect(w.op(g1, 2, OP, 1)).toBe(0);
    expect(g1.get(OP, "gnttab_setup_table_t").status).toBe(0n);
    expect(g1.domain.memory.readBytes(LIST, 16)).toEqual(new Uint8Array(16).fill(0xff));
    expect(placeTable(g1, 1, 0x91)).toBe(0);
    g1.put(OP, "gnttab_setup_table_t", { dom: SELF, nr_frames: 2, frame_list: LIST });
    expect(w.op(g1, 2, OP, 1)).toBe(0);
    expect(
      new DataView(g1.domain.memory.readBytes(LIST + 8, 8)!.buffer).getBigUint64(0, true),
    ).toBe(0x91n);
    g1.put(OP, "gnttab_query_size_t", { dom: SELF });
    w.op(g1, 6, OP, 1);
    expect(g1.get(OP, "gnttab_query_size_t").nr_frames).toBe(2n);
  });

  it("reports each query_size and setup_table check", () => {
    const w = grantWorld();
    const { g1 } = w;
    expectCheck(w, w.op(g1, 6, OP, 2), "grant_table_op.query_size.count");
    expectCheck(w, w.op(g1, 6, 0, 1), "grant_table_op.query_size.copy_in");
    g1.put(OP, "gnttab_query_size_t", { dom: 9 });
    w.op(g1, 6, OP, 1);
    expectCheck(
      w,
      Number(g1.get(OP, "gnttab_query_size_t").status),
      "grant_table_op.query_size.bad_domain",
    );
    g1.put(OP, "gnttab_query_size_t", { dom: 2 });
    w.op(g1, 6, OP, 1);
    expectCheck(
      w,
      Number(g1.get(OP, "gnttab_query_size_t").status),
      "grant_table_op.query_size.xsm",
    );

    expectCheck(w, w.op(g1, 2, OP, 0), "grant_table_op.setup_table.count");
    expectCheck(w, w.op(g1, 2, 0, 1), "grant_table_op.setup_table.copy_in");
    const setup = (fields: Record<string, number>) => {
      g1.put(OP, "gnttab_setup_table_t", fields);
      expect(w.op(g1, 2, OP, 1)).toBe(0);
      return Number(g1.get(OP, "gnttab_setup_table_t").status);
    };
    expectCheck(
      w,
      setup({ dom: 9, nr_frames: 1, frame_list: LIST }),
      "grant_table_op.setup_table.bad_domain",
    );
    expectCheck(
      w,
      setup({ dom: 2, nr_frames: 1, frame_list: LIST }),
      "grant_table_op.setup_table.xsm",
    );
    expectCheck(
      w,
      setup({ dom: SELF, nr_frames: 65, frame_list: LIST }),
      "grant_table_op.setup_table.max_frames",
    );
    expectCheck(
      w,
      setup({ dom: SELF, nr_frames: 1, frame_list: 0 }),
      "grant_table_op.setup_table.frame_list",
    );
  });

  it("32-bit x86 guests: count 0 does nothing, count 2 is -EINVAL, an unmapped HVM frame is too big", () => {
    const w = grantWorld("hvm32", "x86_64");
    const { g1 } = w;
    g1.put(OP, "gnttab_setup_table_t", { dom: SELF, nr_frames: 1, frame_list: LIST, status: 7 });
    expect(w.op(g1, 2, OP, 0)).toBe(0);
    expect(g1.get(OP, "gnttab_setup_table_t").status).toBe(7n);
    expectCheck(w, w.op(g1, 2, OP, 2), "grant_table_op.setup_table.compat_count");
    w.op(g1, 2, OP, 1);
    expectCheck(
      w,
      Number(g1.get(OP, "gnttab_setup_table_t").status),
      "grant_table_op.setup_table.address_too_big",
    );
    expect(placeTable(g1)).toBe(0);
    g1.put(OP, "gnttab_setup_table_t", { dom: SELF, nr_frames: 1, frame_list: LIST });
    expect(w.op(g1, 2, OP, 1)).toBe(0);
    expect(g1.get(OP, "gnttab_setup_table_t").status).toBe(0n);
    expect(g1.domain.memory.readBytes(LIST, 4)).toEqual(new Uint8Array([GT_GFN, 0, 0, 0]));
    // A 64-bit guest gets the native call: count 0 is -EINVAL there.
    const n = grantWorld("hvm64", "x86_64");
    expectCheck(n, n.op(n.g1, 2, OP, 0), "grant_table_op.setup_table.count");
  });

  it("PV gets machine frames; a PV guest cannot place its table with add_to_physmap", () => {
    const w = grantWorld("pv64", "x86_64");
    const { g1 } = w;
    g1.put(OP, "gnttab_setup_table_t", { dom: SELF, nr_frames: 1, frame_list: LIST });
    expect(w.op(g1, 2, OP, 1)).toBe(0);
    expect(g1.get(OP, "gnttab_setup_table_t").status).toBe(0n);
    const mfn = new DataView(g1.domain.memory.readBytes(LIST, 8)!.buffer).getBigUint64(0, true);
    expect(mfn).toBe(BigInt(0x1000 + 1 * 128));
    expect(placeTable(g1)).toBe(-13); // -EACCES: xatp_permission_check
  });

  it("set_version: 2 only on x86; -EBUSY while a grant is mapped; version written back even on error", () => {
    const arm = grantWorld();
    arm.g1.put(OP, "gnttab_set_version_t", { version: 2 });
    expectCheck(arm, arm.op(arm.g1, 8, OP, 1), "grant_table_op.set_version.max_version");
    expect(arm.g1.get(OP, "gnttab_set_version_t").version).toBe(1n);
    arm.g1.put(OP, "gnttab_set_version_t", { version: 3 });
    expectCheck(arm, arm.op(arm.g1, 8, OP, 1), "grant_table_op.set_version.version");
    expect(arm.g1.get(OP, "gnttab_set_version_t").version).toBe(1n);
    expectCheck(arm, arm.op(arm.g1, 8, 0, 1), "grant_table_op.set_version.copy_in");

    const w = grantWorld("hvm64", "x86_64");
    const { g1, g2 } = w;
    expect(placeTable(g1)).toBe(0);
    grant(g1, 8, GTF_permit_access, 2, DATA);
    expect(map(w, g2, { host_addr: MAP_AT * 4096, flags: GNTMAP_host_map, ref: 8, dom: 1 })).toBe(
      GNTST_okay,
    );
    g1.put(OP, "gnttab_set_version_t", { version: 2 });
    expectCheck(w, w.op(g1, 8, OP, 1), "grant_table_op.set_version.in_use");
    expect(g1.get(OP, "gnttab_set_version_t").version).toBe(1n);
    g2.put(OP, "gnttab_unmap_grant_ref_t", { host_addr: MAP_AT * 4096, handle: 0 });
    expect(w.op(g2, 1, OP, 1)).toBe(0);
    g1.put(OP, "gnttab_set_version_t", { version: 2 });
    expect(w.op(g1, 8, OP, 1)).toBe(0);
    expect(g1.get(OP, "gnttab_set_version_t").version).toBe(2n);
    // The switch cleared the shared frames.
    expect(g1.get(GT_GFN * 4096 + 64, "grant_entry_v1_t").flags).toBe(0n);
    g1.put(OP, "gnttab_get_version_t", { dom: SELF });
    expect(w.op(g1, 10, OP, 1)).toBe(0);
    expect(g1.get(OP, "gnttab_get_version_t").version).toBe(2n);
    // v2 has status frames: the guest maps status frame 0 with XENMAPIDX_grant_table_status.
    expect(placeTable(g1, 0x80000000, 0x98)).toBe(0);
    g1.domain.memory.write(0x98000, new Uint8Array([1]));
    expect(g1.domain.gnttab!.status[0]![0]).toBe(1);
    // Back to 1: the status frame leaves the guest's p2m.
    g1.put(OP, "gnttab_set_version_t", { version: 1 });
    expect(w.op(g1, 8, OP, 1)).toBe(0);
    expect(g1.domain.memory.hasFrame(0x98)).toBe(false);
  });

  it("get_version and get_status_frames checks", () => {
    const w = grantWorld("hvm64", "x86_64");
    const { g1 } = w;
    expectCheck(w, w.op(g1, 10, 0, 1), "grant_table_op.get_version.copy_in");
    g1.put(OP, "gnttab_get_version_t", { dom: 9 });
    expectCheck(w, w.op(g1, 10, OP, 1), "grant_table_op.get_version.domid");
    g1.put(OP, "gnttab_get_version_t", { dom: 2 });
    expectCheck(w, w.op(g1, 10, OP, 1), "grant_table_op.get_version.xsm");
    // An HVM guest may not use get_status_frames at all.
    expectCheck(w, w.op(g1, 9, OP, 1), "grant_table_op.entry.hvm_filter");
    const pv = grantWorld("pv64", "x86_64");
    const p = pv.g1;
    expectCheck(pv, pv.op(p, 9, OP, 2), "grant_table_op.get_status_frames.count");
    expectCheck(pv, pv.op(p, 9, 0, 1), "grant_table_op.get_status_frames.copy_in");
    const st = (fields: Record<string, number>) => {
      p.put(OP, "gnttab_get_status_frames_t", fields);
      expect(pv.op(p, 9, OP, 1)).toBe(0);
      return Number(p.get(OP, "gnttab_get_status_frames_t").status);
    };
    expectCheck(
      pv,
      st({ dom: 9, nr_frames: 0, frame_list: LIST }),
      "grant_table_op.get_status_frames.bad_domain",
    );
    expectCheck(
      pv,
      st({ dom: 2, nr_frames: 0, frame_list: LIST }),
      "grant_table_op.get_status_frames.xsm",
    );
    expectCheck(
      pv,
      st({ dom: SELF, nr_frames: 1, frame_list: LIST }),
      "grant_table_op.get_status_frames.nr_frames",
    );
    p.put(OP, "gnttab_set_version_t", { version: 2 });
    expect(pv.op(p, 8, OP, 1)).toBe(0);
    expect(st({ dom: SELF, nr_frames: 1, frame_list: LIST })).toBe(0);
    expect(p.domain.memory.readBytes(LIST, 8)).toEqual(
      new Uint8Array([0xc0, 0x10, 0, 0, 0, 0, 0, 0]),
    );
    expectCheck(
      pv,
      st({ dom: SELF, nr_frames: 1, frame_list: 0 }),
      "grant_table_op.get_status_frames.frame_list",
    );
  });
});

describe("grant_table_op: entry checks", () => {
  it("negative count, opaque cmd bits, unknown and dump_table, HVM filter", () => {
    const w = grantWorld();
    expectCheck(w, w.op(w.g1, 6, OP, 0x80000000), "grant_table_op.entry.count");
    expectCheck(w, w.op(w.g1, 6 | 0x1000, OP, 1), "grant_table_op.entry.opaque");
    expectCheck(w, w.op(w.g1, 3, OP, 1), "grant_table_op.entry.unknown_cmd");
    expectCheck(w, w.op(w.g1, 99, OP, 1), "grant_table_op.entry.unknown_cmd");
    // cache_flush takes cmd's upper bits as the ref to resume at: not an opaque-bits error.
    expect(w.op(w.g1, 12, OP, 0)).toBe(0);
    expect(w.unmodelled()).toBeNull();
    const hvm = grantWorld("hvm64", "x86_64");
    // The filter sees the whole cmd: opaque bits are -ENOSYS there, not -EINVAL.
    expectCheck(hvm, hvm.op(hvm.g1, 6 | 0x1000, OP, 1), "grant_table_op.entry.hvm_filter");
    expect(hvm.op(hvm.g1, 4, OP, 1)).toBe(-ENOSYS);
    expect(EINVAL).toBe(22);
  });
});

describe("grant_table_op: map and unmap between two domains", () => {
  for (const [mode, arch] of [
    ["aarch64", "arm64"],
    ["aarch32", "arm64"],
    ["hvm64", "x86_64"],
    ["hvm32", "x86_64"],
  ] as const) {
    it(`${mode}: dom2 maps dom1's granted frame and reads its bytes; unmap restores the entry`, () => {
      const w = grantWorld(mode, arch);
      const { g1, g2 } = w;
      expect(placeTable(g1)).toBe(0);
      g1.domain.memory.write(DATA * 4096, new TextEncoder().encode("granted page"));
      grant(g1, 8, GTF_permit_access, 2, DATA);
      const st = map(w, g2, { host_addr: MAP_AT * 4096, flags: GNTMAP_host_map, ref: 8, dom: 1 });
      expect(st).toBe(GNTST_okay);
      const out = g2.get(OP, "gnttab_map_grant_ref_t");
      expect(out.handle).toBe(0n);
      expect(new TextDecoder().decode(g2.domain.memory.readBytes(MAP_AT * 4096, 12))).toBe(
        "granted page",
      );
      // Writes go both ways: it is the same page.
      g2.domain.memory.write(MAP_AT * 4096, new Uint8Array([0x47]));
      expect(g1.domain.memory.readBytes(DATA * 4096, 1)).toEqual(new Uint8Array([0x47]));
      expect(g1.get(GT_GFN * 4096 + 64, "grant_entry_v1_t").flags).toBe(
        BigInt(GTF_permit_access | GTF_reading | GTF_writing),
      );
      g2.put(OP, "gnttab_unmap_grant_ref_t", { host_addr: MAP_AT * 4096, handle: 0 });
      expect(w.op(g2, 1, OP, 1)).toBe(0);
      expect(g2.get(OP, "gnttab_unmap_grant_ref_t").status).toBe(0n);
      expect(g2.domain.memory.hasFrame(MAP_AT)).toBe(false);
      expect(g1.get(GT_GFN * 4096 + 64, "grant_entry_v1_t").flags).toBe(BigInt(GTF_permit_access));
    });
  }

  it("reports each map check with its GNTST_* status", () => {
    const w = grantWorld();
    const { g1, g2 } = w;
    expect(placeTable(g1)).toBe(0);
    grant(g1, 8, GTF_permit_access, 2, DATA);
    grant(g1, 9, GTF_permit_access | GTF_readonly, 2, DATA);
    grant(g1, 10, GTF_permit_access, 3, DATA);
    grant(g1, 11, GTF_permit_access, 2, 0x7ff); // beyond dom1's memory
    const at = MAP_AT * 4096;
    expectCheck(
      w,
      map(w, g2, { host_addr: at, flags: GNTMAP_readonly, ref: 8, dom: 1 }),
      "grant_table_op.map_grant_ref.flags",
    );
    expectCheck(
      w,
      map(w, g2, { host_addr: at, flags: GNTMAP_device_map, ref: 8, dom: 1 }),
      "grant_table_op.map_grant_ref.external_device_map",
    );
    expectCheck(
      w,
      map(w, g2, { host_addr: at, flags: GNTMAP_host_map, ref: 8, dom: SELF }),
      "grant_table_op.map_grant_ref.bad_domain",
    );
    expectCheck(
      w,
      map(w, g2, { host_addr: at, flags: GNTMAP_host_map, ref: 512, dom: 1 }),
      "grant_table_op.map_grant_ref.bad_gntref",
    );
    expectCheck(
      w,
      map(w, g2, { host_addr: at, flags: GNTMAP_host_map, ref: 9, dom: 1 }),
      "grant_table_op.map_grant_ref.readonly_entry",
    );
    expectCheck(
      w,
      map(w, g2, { host_addr: at, flags: GNTMAP_host_map, ref: 10, dom: 1 }),
      "grant_table_op.map_grant_ref.entry",
    );
    expectCheck(
      w,
      map(w, g2, { host_addr: at, flags: GNTMAP_host_map, ref: 11, dom: 1 }),
      "grant_table_op.map_grant_ref.bad_page",
    );
    // The failed page lookup left the entry as it was.
    expect(g1.get(GT_GFN * 4096 + 88, "grant_entry_v1_t").flags).toBe(BigInt(GTF_permit_access));
    // Read-only map of a read-only grant works; dom1 itself cannot then map ref 9 (pinned for dom2).
    expect(
      map(w, g2, { host_addr: at, flags: GNTMAP_host_map | GNTMAP_readonly, ref: 9, dom: 1 }),
    ).toBe(0);
    // The four maps that failed after taking a handle (0-3) put it back on the free list's
    // tail, behind 4-255: this one is 4.
    expect(g2.get(OP, "gnttab_map_grant_ref_t").handle).toBe(4n);
    g1.put(OP, "gnttab_map_grant_ref_t", {
      host_addr: 0x60000,
      flags: GNTMAP_host_map | GNTMAP_readonly,
      ref: 9,
      dom: 1,
    });
    w.op(g1, 0, OP, 1);
    expectCheck(
      w,
      Number(g1.get(OP, "gnttab_map_grant_ref_t").status),
      "grant_table_op.map_grant_ref.pinned",
    );
    expectCheck(w, w.op(g2, 0, 0, 1), "grant_table_op.map_grant_ref.copy_in");
    const silo = grantWorld("aarch64", "arm64", { xsm: "silo" });
    silo.g2.put(OP, "gnttab_map_grant_ref_t", {
      host_addr: at,
      flags: GNTMAP_host_map,
      ref: 8,
      dom: 1,
    });
    silo.op(silo.g2, 0, OP, 1);
    expectCheck(
      silo,
      Number(silo.g2.get(OP, "gnttab_map_grant_ref_t").status),
      "grant_table_op.map_grant_ref.xsm",
    );
  });

  it("x86 HVM: a host map with more flags fails in create_grant_p2m_mapping; PV device maps", () => {
    const w = grantWorld("hvm64", "x86_64", { mode2: "pv64" });
    const { g1, g2 } = w;
    expect(placeTable(g1)).toBe(0);
    grant(g1, 8, GTF_permit_access, 2, DATA);
    // The PV grantee: a device mapping pins the grant and reports its bus address.
    expect(map(w, g2, { flags: GNTMAP_device_map, ref: 8, dom: 1 })).toBe(0);
    const out = g2.get(OP, "gnttab_map_grant_ref_t");
    expect(out.dev_bus_addr).toBe(BigInt((1 + 16) * 2 ** 20 + DATA) * 4096n);
    // A host mapping needs the PV guest's page tables: not modelled, and said so.
    g2.put(OP, "gnttab_map_grant_ref_t", {
      host_addr: 0x70000,
      flags: GNTMAP_host_map,
      ref: 8,
      dom: 1,
    });
    w.op(g2, 0, OP, 1);
    expect(w.unmodelled()).toBe("grant_table_op/map_grant_ref(PV host mapping: page tables)");
    // Unmap with a wrong bus address, then the right one.
    g2.put(OP, "gnttab_unmap_grant_ref_t", { dev_bus_addr: 4096, handle: 0 });
    w.op(g2, 1, OP, 1);
    expectCheck(
      w,
      Number(g2.get(OP, "gnttab_unmap_grant_ref_t").status),
      "grant_table_op.unmap_grant_ref.bad_dev_addr",
    );
    g2.put(OP, "gnttab_unmap_grant_ref_t", { dev_bus_addr: out.dev_bus_addr as bigint, handle: 0 });
    w.op(g2, 1, OP, 1);
    expect(g2.get(OP, "gnttab_unmap_grant_ref_t").status).toBe(0n);
    expect(g1.get(GT_GFN * 4096 + 64, "grant_entry_v1_t").flags).toBe(BigInt(GTF_permit_access));
    // dom1 (HVM) mapping its own grant with host_map | device_map.
    grant(g1, 9, GTF_permit_access, 1, DATA);
    g1.put(OP, "gnttab_map_grant_ref_t", {
      host_addr: 0x60000,
      flags: GNTMAP_host_map | (1 << 16),
      ref: 9,
      dom: 1,
    });
    w.op(g1, 0, OP, 1);
    expectCheck(
      w,
      Number(g1.get(OP, "gnttab_map_grant_ref_t").status),
      "grant_table_op.map_grant_ref.host_mapping",
    );
  });

  it("reports each unmap check; a vanished granter crashes the caller", () => {
    const w = grantWorld();
    const { g1, g2, xen } = w;
    expect(placeTable(g1)).toBe(0);
    grant(g1, 8, GTF_permit_access, 2, DATA);
    const unmap = (fields: Record<string, number>) => {
      g2.put(OP, "gnttab_unmap_grant_ref_t", fields);
      expect(w.op(g2, 1, OP, 1)).toBe(0);
      return Number(g2.get(OP, "gnttab_unmap_grant_ref_t").status);
    };
    expectCheck(
      w,
      unmap({ host_addr: MAP_AT * 4096, handle: 0 }),
      "grant_table_op.unmap_grant_ref.handle_range",
    );
    expect(map(w, g2, { host_addr: MAP_AT * 4096, flags: GNTMAP_host_map, ref: 8, dom: 1 })).toBe(
      0,
    );
    expectCheck(
      w,
      unmap({ host_addr: MAP_AT * 4096, handle: 5 }),
      "grant_table_op.unmap_grant_ref.handle_unused",
    );
    expectCheck(
      w,
      unmap({ host_addr: 0x51000, handle: 0 }),
      "grant_table_op.unmap_grant_ref.host_mapping",
    );
    expectCheck(w, w.op(g2, 1, 0, 1), "grant_table_op.unmap_grant_ref.copy");
    xen.destroyDomain(1);
    g2.put(OP, "gnttab_unmap_grant_ref_t", { host_addr: MAP_AT * 4096, handle: 0 });
    w.op(g2, 1, OP, 1);
    expect(w.events()).toEqual([
      { kind: "check", id: "grant_table_op.unmap_grant_ref.granter_gone", errno: "domain_crash" },
    ]);
    expect(g2.domain.crashed).toBe(true);
  });

  it("a batch of maps is preempted and continued; each op gets its own status", () => {
    const w = grantWorld("aarch64", "arm64", { preemptBudget: 2 });
    const { g1, g2 } = w;
    expect(placeTable(g1)).toBe(0);
    const size = layoutOf("gnttab_map_grant_ref_t", "aarch64").size;
    for (let i = 0; i < 5; i++) {
      grant(g1, 8 + i, GTF_permit_access, 2, DATA + i);
      g2.put(OP + i * size, "gnttab_map_grant_ref_t", {
        host_addr: (MAP_AT + i) * 4096,
        flags: GNTMAP_host_map,
        ref: i === 3 ? 4000 : 8 + i,
        dom: 1,
      });
    }
    expect(w.op(g2, 0, OP, 5)).toBe(0);
    const st = [0, 1, 2, 3, 4].map((i) =>
      Number(g2.get(OP + i * size, "gnttab_map_grant_ref_t").status),
    );
    expect(st).toEqual([0, 0, 0, -3, 0]);
  });

  it("add_to_physmap of a grant frame grows the table; Arm (4.17+) will not map a frame twice", () => {
    const w = grantWorld();
    const { g1 } = w;
    expect(placeTable(g1, 3, 0x93)).toBe(0);
    g1.put(OP, "gnttab_query_size_t", { dom: SELF });
    w.op(g1, 6, OP, 1);
    expect(g1.get(OP, "gnttab_query_size_t").nr_frames).toBe(4n);
    expect(placeTable(g1, 3, 0x94)).toBe(-EBUSY);
    expect(placeTable(g1, 64, 0x95)).toBe(-EINVAL);
    // 2^32 + 1 names frame 1: the index is an unsigned int.
    g1.put(OP, "xen_add_to_physmap_t", { domid: SELF, space: 1, idx: 2 ** 32 + 1, gpfn: 0x96 });
    expect(g1.call(MEMORY_OP, [7, OP])).toBe(0);
    const old = grantWorld("aarch64", "arm64", { release: "4.16" });
    expect(placeTable(old.g1, 0, 0x93)).toBe(0);
    expect(placeTable(old.g1, 0, 0x94)).toBe(0);
    expect(old.g1.domain.memory.hasFrame(0x93)).toBe(false);
  });
});
