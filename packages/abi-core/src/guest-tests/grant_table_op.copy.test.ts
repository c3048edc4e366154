import { describe, expect, it } from "vitest";
import { layoutOf } from "../table/structs.js";
import {
  GNTMAP_host_map,
  GNTMAP_readonly,
  GTF_permit_access,
  GTF_readonly,
} from "../hypercalls/grant_table_op/constants.js";
import { expectCheck, grantWorld, MEMORY_OP, type GrantWorld } from "./grant_table_op.testing.js";
import type { TestGuest } from "./test-guest.testing.js";

const SELF = 0x7ff0;
const OP = 0x2000;
const GT_GFN = 0x90;

function setup(w: GrantWorld): void {
  w.g1.put(0x1000, "xen_add_to_physmap_t", {
    domid: SELF,
    space: 1,
    idx: 0,
    gpfn: GT_GFN,
  });
  expect(w.g1.call(MEMORY_OP, [7, 0x1000])).toBe(0);
  w.g1.domain.memory.write(0x40000, new TextEncoder().encode("0123456789abcdef"));
  w.g1.put(GT_GFN * 4096 + 8 * 8, "grant_entry_v1_t", {
    flags: GTF_permit_access,
    domid: 2,
    frame: 0x40,
  });
  w.g1.put(GT_GFN * 4096 + 9 * 8, "grant_entry_v1_t", {
    flags: GTF_permit_access | GTF_readonly,
    domid: 2,
    frame: 0x40,
  });
  w.g1.put(GT_GFN * 4096 + 10 * 8, "grant_entry_v1_t", {
    flags: GTF_permit_access,
    domid: 3,
    frame: 0x40,
  });
  w.g1.put(GT_GFN * 4096 + 11 * 8, "grant_entry_v1_t", {
    flags: GTF_permit_access,
    domid: 2,
    frame: 0x7ff,
  });
}

/** One gnttab_copy from g; its status. */
function copy(w: GrantWorld, g: TestGuest, op: Record<string, unknown>): number {
  g.put(OP, "gnttab_copy_t", op as never);
  expect(w.op(g, 5, OP, 1)).toBe(0);
  return Number(g.get(OP, "gnttab_copy_t").status);
}

describe("grant_table_op: copy", () => {
  for (const [mode, arch] of [
    ["aarch64", "arm64"],
    ["hvm64", "x86_64"],
    ["hvm32", "x86_64"],
  ] as const) {
    it(`${mode}: copies from a grant into the caller's frame and into a grant; releases the pin`, () => {
      const w = grantWorld(mode, arch);
      setup(w);
      const st = copy(w, w.g2, {
        source: { u: 8, domid: 1, offset: 4 },
        dest: { u: 0x60, domid: SELF, offset: 100 },
        len: 6,
        flags: 1,
      });
      expect(st).toBe(0);
      expect(new TextDecoder().decode(w.g2.domain.memory.readBytes(0x60000 + 100, 6))).toBe(
        "456789",
      );
      expect(w.g1.get(GT_GFN * 4096 + 64, "grant_entry_v1_t").flags).toBe(
        BigInt(GTF_permit_access),
      );
      w.g2.domain.memory.write(0x61000, new Uint8Array([0x41, 0x42]));
      const back = copy(w, w.g2, {
        source: { u: 0x61, domid: SELF, offset: 0 },
        dest: { u: 8, domid: 1, offset: 0 },
        len: 2,
        flags: 2,
      });
      expect(back).toBe(0);
      expect(w.g1.domain.memory.readBytes(0x40000, 3)).toEqual(new Uint8Array([0x41, 0x42, 0x32]));
    });
  }

  it("reports each copy check", () => {
    const w = grantWorld();
    setup(w);
    const { g2 } = w;
    const base = {
      source: { u: 8, domid: 1, offset: 0 },
      dest: { u: 0x60, domid: SELF, offset: 0 },
      len: 4,
    };
    expectCheck(w, copy(w, g2, { ...base, flags: 0 }), "grant_table_op.copy.frame_not_self");
    expectCheck(
      w,
      copy(w, g2, { ...base, source: { u: 8, domid: 9 }, flags: 1 }),
      "grant_table_op.copy.bad_domain",
    );
    expectCheck(
      w,
      copy(w, g2, { ...base, source: { u: 600, domid: 1 }, flags: 1 }),
      "grant_table_op.copy.bad_gntref",
    );
    expectCheck(
      w,
      copy(w, g2, { ...base, source: { u: 10, domid: 1 }, flags: 1 }),
      "grant_table_op.copy.entry",
    );
    expectCheck(
      w,
      copy(w, g2, { ...base, source: { u: 11, domid: 1 }, flags: 1 }),
      "grant_table_op.copy.bad_page",
    );
    expectCheck(
      w,
      copy(w, g2, {
        source: { u: 0x60, domid: SELF },
        dest: { u: 9, domid: 1 },
        len: 4,
        flags: 2,
      }),
      "grant_table_op.copy.readonly_entry",
    );
    expectCheck(
      w,
      copy(w, g2, {
        ...base,
        source: { u: 8, domid: 1, offset: 4094 },
        flags: 1,
      }),
      "grant_table_op.copy.beyond_page",
    );
    // len 0 does nothing, whatever else the op says.
    expect(copy(w, g2, { ...base, source: { u: 600, domid: 9 }, len: 0, flags: 1 })).toBe(0);
    expectCheck(w, w.op(g2, 5, 0, 1), "grant_table_op.copy.copy_in");
    // dom1 copying from ref 8 while dom2 has it mapped: pinned for another domain.
    g2.put(OP, "gnttab_map_grant_ref_t", {
      host_addr: 0x50000,
      flags: GNTMAP_host_map | GNTMAP_readonly,
      ref: 8,
      dom: 1,
    });
    expect(w.op(g2, 0, OP, 1)).toBe(0);
    expectCheck(
      w,
      copy(w, w.g1, {
        source: { u: 8, domid: SELF },
        dest: { u: 0x60, domid: SELF },
        len: 4,
        flags: 1,
      }),
      "grant_table_op.copy.pinned",
    );
    // The granter points the pinned entry elsewhere; a writing copy sees the change.
    w.g1.put(GT_GFN * 4096 + 64, "grant_entry_v1_t", {
      flags: GTF_permit_access | 8,
      domid: 2,
      frame: 0x41,
    });
    expectCheck(
      w,
      copy(w, g2, {
        source: { u: 0x60, domid: SELF },
        dest: { u: 8, domid: 1 },
        len: 4,
        flags: 2,
      }),
      "grant_table_op.copy.changed",
    );
    const silo = grantWorld("aarch64", "arm64", { xsm: "silo" });
    setup(silo);
    expectCheck(silo, copy(silo, silo.g2, { ...base, flags: 1 }), "grant_table_op.copy.xsm");
  });

  it("a pinned entry pointed elsewhere: GNTST_general_error from 52239dd76f, before it the copy goes to the pinned frame", () => {
    for (const [release, checked] of [
      ["4.20.3", false],
      ["4.20.4", true],
      ["4.21.0", false],
      ["4.21.2", true],
      ["4.22.0", true],
    ] as const) {
      const w = grantWorld("aarch64", "arm64", { release });
      setup(w);
      const { g1, g2 } = w;
      g2.put(OP, "gnttab_map_grant_ref_t", {
        host_addr: 0x50000,
        flags: GNTMAP_host_map | GNTMAP_readonly,
        ref: 8,
        dom: 1,
      });
      expect(w.op(g2, 0, OP, 1)).toBe(0);
      g1.put(GT_GFN * 4096 + 64, "grant_entry_v1_t", {
        flags: GTF_permit_access,
        domid: 2,
        frame: 0x41,
      });
      g2.domain.memory.write(0x60000, new TextEncoder().encode("NEW!"));
      const st = copy(w, g2, {
        source: { u: 0x60, domid: SELF },
        dest: { u: 8, domid: 1 },
        len: 4,
        flags: 2,
      });
      const at = (gfn: number) =>
        new TextDecoder().decode(g1.domain.memory.readBytes(gfn * 4096, 4));
      if (checked) {
        expectCheck(w, st, "grant_table_op.copy.changed");
        expect(at(0x40), release).toBe("0123");
      } else {
        expect(st, release).toBe(0);
        expect(at(0x40), release).toBe("NEW!");
      }
      expect(at(0x41), release).toBe("\0".repeat(4));
    }
  });

  it("compat reads a whole batch before running it: a fault in op 1 leaves op 0 undone", () => {
    for (const mode of ["hvm32", "hvm64"] as const) {
      const w = grantWorld(mode, "x86_64");
      setup(w);
      const size = layoutOf("gnttab_copy_t", mode).size;
      // Op 0 at the end of a page, op 1 across into the unmapped frame after it.
      w.g2.domain.memory.unmap(0x3);
      const at = 0x3000 - size;
      w.g2.put(at, "gnttab_copy_t", {
        source: { u: 8, domid: 1, offset: 0 },
        dest: { u: 0x60, domid: SELF, offset: 0 },
        len: 4,
        flags: 1,
      });
      expectCheck(w, w.op(w.g2, 5, at, 2), "grant_table_op.copy.copy_in");
      const done = w.g2.domain.memory.readBytes(0x60000, 4);
      // Native ran op 0 before faulting on op 1; compat ran none of the batch.
      expect(new TextDecoder().decode(done)).toBe(mode === "hvm64" ? "0123" : "\0\0\0\0");
    }
  });

  it("a batch is preempted and continued with uop and count moved on", () => {
    const w = grantWorld("aarch64", "arm64", { preemptBudget: 2 });
    setup(w);
    const size = layoutOf("gnttab_copy_t", "aarch64").size;
    for (let i = 0; i < 5; i++)
      w.g2.put(OP + i * size, "gnttab_copy_t", {
        source: { u: 8, domid: 1, offset: i },
        dest: { u: 0x60, domid: SELF, offset: i * 8 },
        len: 1,
        flags: 1,
      });
    expect(w.op(w.g2, 5, OP, 5)).toBe(0);
    expect(w.g2.domain.memory.readBytes(0x60000, 33)!.filter((_, i) => i % 8 === 0)).toEqual(
      new TextEncoder().encode("01234"),
    );
  });
});
