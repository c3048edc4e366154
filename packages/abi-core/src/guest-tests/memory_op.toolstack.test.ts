/**
 * The toolstack's memory_op sub-ops as a guest meets them (xen/common/memory.c do_memory_op,
 * xen/arch/x86/mm.c arch_memory_op, xen/arch/x86/x86_64/mm.c subarch_memory_op,
 * xen/arch/arm/mm.c arch_memory_op): claim_pages, the PoD targets, the sharing counters and
 * get_vnumainfo, each check made to fail once and named in the trace; and the compat path's
 * order (the struct copied before the resume bits are looked at).
 */
import { describe, expect, it } from "vitest";
import { Xen } from "../xen.js";
import type { GuestMode, XenArch } from "../abi/modes.js";
import type { ReleaseRef } from "../machine/release.js";
import { MEMOP_EXTENT_SHIFT } from "../hypercalls/memory_op/constants.js";
import { expectCheck } from "./machine.testing.js";
import { TestGuest } from "./test-guest.testing.js";

const MEMORY_OP = 12;
const SELF = 0x7ff0;
const A = 0x2000;
const HOLE = 0;

function world(mode: GuestMode = "hvm64", arch: XenArch = "x86_64", release?: ReleaseRef) {
  const xen = new Xen({ arch, trace: true, ...(release !== undefined && { release }) });
  for (const id of [0, 1, 2]) xen.createDomain({ id, mode, memory: 1 << 20 });
  const g = new TestGuest(xen, 1);
  const cmd = (op: number, start = 0) => BigInt(op) + (BigInt(start) << BigInt(MEMOP_EXTENT_SHIFT));
  return { xen, g, cmd, dom0: new TestGuest(xen, 0) };
}

describe("XENMEM_claim_pages: its argument checks, then XSM_PRIV", () => {
  it("resume bits, copy_in, extent_start, extent_order, mem_flags, domid (no DOMID_SELF: -EINVAL), XSM", () => {
    const { xen, g, cmd, dom0 } = world("aarch64", "arm64");
    const claim = (fields: Record<string, number>, start = 0) => {
      g.put(A, "xen_memory_reservation_t", { nr_extents: 16, domid: 1, ...fields });
      return g.exec(MEMORY_OP, [cmd(24, start), A]);
    };
    expectCheck(xen, claim({}, 1), "memory_op.claim_pages.resume_bits");
    expectCheck(xen, g.exec(MEMORY_OP, [cmd(24), HOLE]), "memory_op.claim_pages.copy_in");
    expectCheck(xen, claim({ extent_start: 0x3000 }), "memory_op.claim_pages.extent_start");
    expectCheck(xen, claim({ extent_order: 1 }), "memory_op.claim_pages.extent_order");
    expectCheck(xen, claim({ mem_flags: 1 }), "memory_op.claim_pages.mem_flags");
    expectCheck(xen, claim({ domid: SELF }), "memory_op.claim_pages.domid");
    expectCheck(xen, claim({ domid: 9 }), "memory_op.claim_pages.domid");
    expectCheck(xen, claim({}), "memory_op.claim_pages.xsm");
    dom0.put(A, "xen_memory_reservation_t", { nr_extents: 16, domid: 1 });
    expect(dom0.exec(MEMORY_OP, [24, A]).unmodelled).toMatch(/claiming free memory/);
  });

  it("a 32-bit x86 guest: no compat case, -ENOSYS whatever the argument", () => {
    for (const mode of ["pv32", "hvm32"] as const) {
      const { xen, g } = world(mode);
      expectCheck(xen, g.exec(MEMORY_OP, [24, HOLE]), "memory_op.claim_pages.compat");
    }
  });
});

describe("XENMEM_set_pod_target and get_pod_target (x86)", () => {
  const run = (w: ReturnType<typeof world>, op: number, domid: number, start = 0) => {
    w.g.put(A, "xen_pod_target_t", { target_pages: 16, domid });
    return w.g.exec(MEMORY_OP, [w.cmd(op, start), A]);
  };

  it("resume bits, copy_in, domid, then from 4.17 a target that is not HVM, then XSM_PRIV", () => {
    for (const [op, name] of [
      [16, "set"],
      [17, "get"],
    ] as const) {
      const w = world();
      const id = (c: string) => `memory_op.${name}_pod_target.${c}`;
      expectCheck(w.xen, run(w, op, SELF, 1), id("resume_bits"));
      expectCheck(w.xen, w.g.exec(MEMORY_OP, [op, HOLE]), id("copy_in"));
      expectCheck(w.xen, run(w, op, 9), id("domid"));
      expectCheck(w.xen, run(w, op, SELF), id("xsm"));
      const pv = world("pv64");
      expectCheck(pv.xen, run(pv, op, SELF), id("not_hvm"));
      // 4.16: the privilege check comes first.
      const old = world("pv64", "x86_64", "4.16");
      expectCheck(old.xen, run(old, op, SELF), id("xsm"));
      const arm = world("aarch64", "arm64");
      expectCheck(arm.xen, run(arm, op, SELF), id("arm"));
    }
  });

  it("spelled out for the coverage report", () => {
    const w = world();
    expectCheck(w.xen, run(w, 16, SELF, 1), "memory_op.set_pod_target.resume_bits");
    expectCheck(w.xen, w.g.exec(MEMORY_OP, [16, HOLE]), "memory_op.set_pod_target.copy_in");
    expectCheck(w.xen, run(w, 16, 9), "memory_op.set_pod_target.domid");
    expectCheck(w.xen, run(w, 16, SELF), "memory_op.set_pod_target.xsm");
    expectCheck(w.xen, run(w, 17, SELF, 1), "memory_op.get_pod_target.resume_bits");
    expectCheck(w.xen, w.g.exec(MEMORY_OP, [17, HOLE]), "memory_op.get_pod_target.copy_in");
    expectCheck(w.xen, run(w, 17, 9), "memory_op.get_pod_target.domid");
    expectCheck(w.xen, run(w, 17, SELF), "memory_op.get_pod_target.xsm");
    const pv = world("pv64");
    expectCheck(pv.xen, run(pv, 16, SELF), "memory_op.set_pod_target.not_hvm");
    expectCheck(pv.xen, run(pv, 17, SELF), "memory_op.get_pod_target.not_hvm");
    const arm = world("aarch64", "arm64");
    expectCheck(arm.xen, run(arm, 16, SELF), "memory_op.set_pod_target.arm");
    expectCheck(arm.xen, run(arm, 17, SELF), "memory_op.get_pod_target.arm");
    const dom0 = w.dom0;
    dom0.put(A, "xen_pod_target_t", { target_pages: 16, domid: 1 });
    expect(dom0.exec(MEMORY_OP, [16, A]).unmodelled).toMatch(/populate-on-demand/);
  });
});

describe("XENMEM_get_sharing_freed_pages and get_sharing_shared_pages", () => {
  it("0 with any argument (nothing is shared); resume bits match no case of the arch code", () => {
    for (const [mode, arch] of [
      ["pv64", "x86_64"],
      ["pv32", "x86_64"],
      ["hvm64", "x86_64"],
      ["aarch64", "arm64"],
      ["aarch32", "arm64"],
    ] as const) {
      const { xen, g, cmd } = world(mode, arch);
      expect(g.call(MEMORY_OP, [18, HOLE]), mode).toBe(0);
      expect(g.call(MEMORY_OP, [19, HOLE]), mode).toBe(0);
      expectCheck(
        xen,
        g.exec(MEMORY_OP, [cmd(18, 1), HOLE]),
        "memory_op.get_sharing_freed_pages.resume_bits",
      );
      expectCheck(
        xen,
        g.exec(MEMORY_OP, [cmd(19, 1), HOLE]),
        "memory_op.get_sharing_shared_pages.resume_bits",
      );
    }
  });

  it("arm64 Xen's arch_memory_op takes an int: cmd's top 32 bits do not reach it", () => {
    const arm = world("aarch64", "arm64");
    expect(arm.g.call(MEMORY_OP, [(1n << 32n) + 18n, HOLE])).toBe(0);
    const x86 = world("pv64");
    expectCheck(
      x86.xen,
      x86.g.exec(MEMORY_OP, [(1n << 32n) + 18n, HOLE]),
      "memory_op.get_sharing_freed_pages.resume_bits",
    );
  });
});

describe("XENMEM_get_vnumainfo", () => {
  const get = (w: ReturnType<typeof world>, fields: Record<string, number>, start = 0) => {
    w.g.put(A, "xen_vnuma_topology_info_t", { domid: SELF, nr_vnodes: 4, ...fields });
    return w.g.exec(MEMORY_OP, [w.cmd(26, start), A]);
  };

  it("resume bits, copy_in, pad, domid, XSM_TARGET; a domain without a vNUMA layout is -EOPNOTSUPP", () => {
    const w = world("aarch64", "arm64");
    expectCheck(
      w.xen,
      w.g.exec(MEMORY_OP, [w.cmd(26, 1), HOLE]),
      "memory_op.get_vnumainfo.resume_bits",
    );
    expectCheck(w.xen, w.g.exec(MEMORY_OP, [26, HOLE]), "memory_op.get_vnumainfo.copy_in");
    expectCheck(w.xen, get(w, { pad: 1, domid: 9 }), "memory_op.get_vnumainfo.pad");
    expectCheck(w.xen, get(w, { domid: 9 }), "memory_op.get_vnumainfo.domid");
    expectCheck(w.xen, get(w, { domid: 2 }), "memory_op.get_vnumainfo.xsm");
    expectCheck(w.xen, get(w, {}), "memory_op.get_vnumainfo.no_vnuma");
  });

  it("a 32-bit x86 guest's struct is copied before the resume bits are looked at", () => {
    const w = world("pv32");
    expectCheck(
      w.xen,
      w.g.exec(MEMORY_OP, [w.cmd(26, 1), HOLE]),
      "memory_op.get_vnumainfo.copy_in",
    );
    expectCheck(w.xen, get(w, {}, 1), "memory_op.get_vnumainfo.resume_bits");
    expectCheck(w.xen, get(w, {}), "memory_op.get_vnumainfo.no_vnuma");
  });
});

describe("compat_memory_op copies add_to_physmap's and remove_from_physmap's struct first", () => {
  it("-EFAULT before the resume bits' -EDOM / -EINVAL for a 32-bit x86 guest; after them for a 64-bit one", () => {
    for (const [mode, first] of [
      ["hvm32", "copy_in"],
      ["hvm64", "resume_bits"],
    ] as const) {
      const { xen, g, cmd } = world(mode);
      expectCheck(
        xen,
        g.exec(MEMORY_OP, [cmd(7, 0x10000), HOLE]),
        `memory_op.add_to_physmap.${first}`,
      );
      expectCheck(
        xen,
        g.exec(MEMORY_OP, [cmd(15, 1), HOLE]),
        `memory_op.remove_from_physmap.${first}`,
      );
    }
    const { xen, g, cmd } = world("hvm32");
    g.put(A, "xen_add_to_physmap_t", { domid: SELF, space: 0, idx: 0, gpfn: 0x80 });
    expectCheck(
      xen,
      g.exec(MEMORY_OP, [cmd(7, 0x10000), A]),
      "memory_op.add_to_physmap.resume_bits",
    );
    g.put(A, "xen_remove_from_physmap_t", { domid: SELF, gpfn: 0x80 });
    expectCheck(
      xen,
      g.exec(MEMORY_OP, [cmd(15, 1), A]),
      "memory_op.remove_from_physmap.resume_bits",
    );
  });
});

describe("what memory_op leaves", () => {
  it("cmd 8 is no sub-op (-ENOSYS); access_op and reserved_device_memory_map are not modelled", () => {
    for (const [mode, arch] of [
      ["pv64", "x86_64"],
      ["aarch64", "arm64"],
    ] as const) {
      const { g } = world(mode, arch);
      expect(g.call(MEMORY_OP, [8, A]), mode).toBe(-38);
      expect(g.exec(MEMORY_OP, [21, A]).unmodelled, mode).toBe("memory_op/21");
      expect(g.exec(MEMORY_OP, [27, A]).unmodelled, mode).toBe("memory_op/27");
    }
  });
});
