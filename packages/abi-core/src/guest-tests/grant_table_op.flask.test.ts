/**
 * grant_table_op under xsm=flask with the policy Xen ships (xen/xsm/flask/hooks.c
 * flask_grant_*, tools/flask/policy/modules): dom0 is dom0_t, domains 1 and 2 domU_t.
 */
import { describe, expect, it } from "vitest";
import { EACCES } from "../machine/errno.js";
import { flaskGrant } from "../xsm/flask.js";
import {
  GNTMAP_host_map,
  GNTMAP_readonly,
  GNTST_okay,
  GTF_permit_access,
} from "../hypercalls/grant_table_op/constants.js";
import { expectCheck, grantWorld, type GrantWorld } from "./grant_table_op.testing.js";
import { TestGuest } from "./test-guest.testing.js";

const SELF = 0x7ff0;
const OP = 0x2000;
const LIST = 0x3000;
const DATA = 0x40;
const OWN = 0x60;

function world(
  xsm: "flask" | "dummy" = "flask",
  mode: "pv64" | "hvm64" = "pv64",
): GrantWorld & { g0: TestGuest } {
  const w = grantWorld(mode, "x86_64", { xsm });
  w.xen.createDomain({ id: 0, mode: "pv64", memory: 1 << 20 });
  return { ...w, g0: new TestGuest(w.xen, 0) };
}

/** query_size(dom) from g: the status. */
function querySize(w: GrantWorld, g: TestGuest, dom: number): number {
  g.put(OP, "gnttab_query_size_t", { dom, status: 0x55 });
  expect(w.op(g, 6, OP, 1)).toBe(0);
  return Number(g.get(OP, "gnttab_query_size_t").status);
}

/** setup_table(dom, 1 frame) from g: the status. */
function setupTable(w: GrantWorld, g: TestGuest, dom: number): number {
  g.put(OP, "gnttab_setup_table_t", { dom, nr_frames: 1, frame_list: LIST, status: 0x55 });
  expect(w.op(g, 2, OP, 1)).toBe(0);
  return Number(g.get(OP, "gnttab_setup_table_t").status);
}

function getVersion(w: GrantWorld, g: TestGuest, dom: number): number {
  g.put(OP, "gnttab_get_version_t", { dom });
  return w.op(g, 10, OP, 1);
}

describe("grant_table_op under FLASK's shipped policy", () => {
  it("a domU may query and set up its own table only", () => {
    const w = world();
    expect(querySize(w, w.g1, SELF)).toBe(GNTST_okay);
    expect(querySize(w, w.g1, 1)).toBe(GNTST_okay);
    expect(setupTable(w, w.g1, SELF)).toBe(GNTST_okay);
    expect(getVersion(w, w.g1, SELF)).toBe(0);
    expectCheck(w, querySize(w, w.g1, 2), "grant_table_op.query_size.xsm");
    expectCheck(w, querySize(w, w.g1, 0), "grant_table_op.query_size.xsm");
    expectCheck(w, setupTable(w, w.g1, 2), "grant_table_op.setup_table.xsm");
    expectCheck(w, setupTable(w, w.g1, 0), "grant_table_op.setup_table.xsm");
    w.g1.put(OP, "gnttab_get_status_frames_t", { dom: 2, nr_frames: 0, frame_list: LIST });
    expect(w.op(w.g1, 9, OP, 1)).toBe(0);
    expectCheck(
      w,
      Number(w.g1.get(OP, "gnttab_get_status_frames_t").status),
      "grant_table_op.get_status_frames.xsm",
    );
    expect(getVersion(w, w.g1, 2)).toBe(-EACCES);
    expectCheck(w, getVersion(w, w.g1, 2), "grant_table_op.get_version.flask");
    expect(w.unmodelled()).toBeNull();
  });

  it("dom0 may set up a domU's table but not query it (the dummy module lets it do both)", () => {
    const w = world();
    expect(setupTable(w, w.g0, 1)).toBe(GNTST_okay);
    expect(querySize(w, w.g0, SELF)).toBe(GNTST_okay);
    expectCheck(w, querySize(w, w.g0, 1), "grant_table_op.query_size.xsm");
    expectCheck(w, getVersion(w, w.g0, 1), "grant_table_op.get_version.flask");
    const d = world("dummy");
    expect(querySize(d, d.g0, 1)).toBe(GNTST_okay);
    expect(getVersion(d, d.g0, 1)).toBe(0);
  });

  it("domUs map and copy each other's grants (domain_comms)", () => {
    // HVM: the machine does not model a PV guest's host mappings (page tables).
    const w = world("flask", "hvm64");
    const { g1, g2 } = w;
    // The entry, written straight into the table's page (as if through its mapping).
    expect(querySize(w, g1, SELF)).toBe(GNTST_okay);
    const entry = new Uint8Array(8);
    new DataView(entry.buffer).setUint16(0, GTF_permit_access, true);
    new DataView(entry.buffer).setUint16(2, 2, true);
    new DataView(entry.buffer).setUint32(4, DATA, true);
    g1.domain.gnttab!.shared[0]!.set(entry, 8 * 8);
    g1.domain.memory.write(DATA * 4096, new TextEncoder().encode("flask ok"));
    for (const flags of [GNTMAP_host_map, GNTMAP_host_map | GNTMAP_readonly]) {
      g2.put(OP, "gnttab_map_grant_ref_t", { host_addr: 0x50 * 4096, flags, ref: 8, dom: 1 });
      expect(w.op(g2, 0, OP, 1)).toBe(0);
      expect(g2.get(OP, "gnttab_map_grant_ref_t").status).toBe(0n);
    }
    g2.put(OP, "gnttab_copy_t", {
      source: { u: 8, domid: 1, offset: 0 },
      dest: { u: OWN, domid: SELF, offset: 0 },
      len: 8,
      flags: 1,
    });
    expect(w.op(g2, 5, OP, 1)).toBe(0);
    expect(g2.get(OP, "gnttab_copy_t").status).toBe(0n);
    expect(new TextDecoder().decode(g2.domain.memory.readBytes(OWN * 4096, 8))).toBe("flask ok");
    expect(w.unmodelled()).toBeNull();
  });

  it("flaskGrant: no type has transfer; map, copy and unmap go between any two", () => {
    const w = world();
    const [d0, d1, d2] = [w.g0.domain, w.g1.domain, w.g2.domain];
    for (const [a, b] of [
      [d0, d1],
      [d1, d0],
      [d1, d2],
      [d1, d1],
      [d0, d0],
    ] as const) {
      expect(flaskGrant("transfer", a, b)).toBe(-EACCES);
      for (const p of ["map_read", "map_write", "copy", "unmap"] as const)
        expect(flaskGrant(p, a, b)).toBe(0);
      expect(flaskGrant("query", a, b)).toBe(a === b ? 0 : -EACCES);
      expect(flaskGrant("setup", a, b)).toBe(a === b || a === d0 ? 0 : -EACCES);
    }
  });
});
