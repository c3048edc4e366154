/**
 * memory_op's checks, each made to fail once: the trace names the record's check id, the
 * result register holds its errno, or for the reservation sub-ops the extent count Xen returns
 * instead (xen/common/memory.c: do_memory_op).
 */
import { describe, expect, it } from "vitest";
import { Xen } from "../xen.js";
import type { GuestMode, XenArch } from "../abi/modes.js";
import {
  MEMOP_EXTENT_SHIFT,
  XENMEM_add_to_physmap,
  XENMEM_current_reservation,
  XENMEM_decrease_reservation,
  XENMEM_increase_reservation,
  XENMEM_maximum_gpfn,
  XENMEM_maximum_ram_page,
  XENMEM_maximum_reservation,
  XENMEM_populate_physmap,
  XENMEM_remove_from_physmap,
} from "../hypercalls/memory_op/constants.js";
import { expectCheck } from "./machine.testing.js";
import { TestGuest } from "./test-guest.testing.js";

const MEMORY_OP = 12;
const SELF = 0x7ff0;
const A = 0x2000;
const LIST = 0x3000;
/** Address 0 is a hole in every guest: copy_from_guest faults. */
const HOLE = 0;

function world(mode: GuestMode = "aarch64", arch: XenArch = "arm64") {
  const xen = new Xen({ arch, trace: true });
  xen.createDomain({ id: 1, mode, memory: 1 << 20 });
  xen.createDomain({ id: 2, mode, memory: 1 << 20 });
  return { xen, g: new TestGuest(xen, 1) };
}

/** cmd with `start` in the bits above MEMOP_EXTENT_SHIFT (a continuation's resume extent). */
const cmd = (op: number, start = 0) => BigInt(op) + (BigInt(start) << BigInt(MEMOP_EXTENT_SHIFT));

describe("memory_op reports each failing check by its id", () => {
  /**
   * A reservation sub-op's checks before any extent is done: each returns the resume extent
   * (here 3, from cmd's upper bits), not an errno.
   */
  function reservationChecks(op: number) {
    const { xen, g } = world();
    const START = 3;
    const ret = BigInt(START);
    const run = (fields: Record<string, number>) => {
      g.put(A, "xen_memory_reservation_t", {
        extent_start: LIST,
        nr_extents: 8,
        extent_order: 0,
        domid: SELF,
        ...fields,
      });
      return g.exec(MEMORY_OP, [cmd(op, START), A]);
    };
    // nr_extents above UINT_MAX >> MEMOP_EXTENT_SHIFT cannot be resumed.
    const tooMany = (0xffffffff >>> MEMOP_EXTENT_SHIFT) + 1;
    return {
      xen,
      ret,
      copyIn: () => g.exec(MEMORY_OP, [cmd(op, START), HOLE]),
      tooMany: () => run({ nr_extents: tooMany }),
      pastEnd: () => run({ nr_extents: START }),
      noDomain: () => run({ domid: 9 }),
      addressBits: () => run({ mem_flags: 12 }),
      otherDomain: () => run({ domid: 2 }),
      order: () => run({ extent_order: 10 }),
    };
  }

  it("increase_reservation: each check before the first extent returns the resume extent", () => {
    const r = reservationChecks(XENMEM_increase_reservation);
    const { xen, ret } = r;
    expectCheck(xen, r.copyIn(), "memory_op.increase_reservation.copy_in", { ret });
    expectCheck(xen, r.tooMany(), "memory_op.increase_reservation.nr_extents_max", { ret });
    expectCheck(xen, r.pastEnd(), "memory_op.increase_reservation.resume_past_end", { ret });
    expectCheck(xen, r.noDomain(), "memory_op.increase_reservation.domid", { ret });
    expectCheck(xen, r.addressBits(), "memory_op.increase_reservation.address_bits", { ret });
    expectCheck(xen, r.otherDomain(), "memory_op.increase_reservation.xsm", { ret });
    expectCheck(xen, r.order(), "memory_op.increase_reservation.extent_order", { ret });
  });

  it("decrease_reservation: each check before the first extent returns the resume extent", () => {
    const r = reservationChecks(XENMEM_decrease_reservation);
    const { xen, ret } = r;
    expectCheck(xen, r.copyIn(), "memory_op.decrease_reservation.copy_in", { ret });
    expectCheck(xen, r.tooMany(), "memory_op.decrease_reservation.nr_extents_max", { ret });
    expectCheck(xen, r.pastEnd(), "memory_op.decrease_reservation.resume_past_end", { ret });
    expectCheck(xen, r.noDomain(), "memory_op.decrease_reservation.domid", { ret });
    expectCheck(xen, r.addressBits(), "memory_op.decrease_reservation.address_bits", { ret });
    expectCheck(xen, r.otherDomain(), "memory_op.decrease_reservation.xsm", { ret });
    expectCheck(xen, r.order(), "memory_op.decrease_reservation.extent_order", { ret });
  });

  it("populate_physmap: each check before the first extent returns the resume extent", () => {
    const r = reservationChecks(XENMEM_populate_physmap);
    const { xen, ret } = r;
    expectCheck(xen, r.copyIn(), "memory_op.populate_physmap.copy_in", { ret });
    expectCheck(xen, r.tooMany(), "memory_op.populate_physmap.nr_extents_max", { ret });
    expectCheck(xen, r.pastEnd(), "memory_op.populate_physmap.resume_past_end", { ret });
    expectCheck(xen, r.noDomain(), "memory_op.populate_physmap.domid", { ret });
    expectCheck(xen, r.addressBits(), "memory_op.populate_physmap.address_bits", { ret });
    expectCheck(xen, r.otherDomain(), "memory_op.populate_physmap.xsm", { ret });
    expectCheck(xen, r.order(), "memory_op.populate_physmap.extent_order", { ret });
  });

  it("extent_fault: the extents done so far, for each reservation sub-op", () => {
    const { xen, g } = world();
    const list = (at: number, gfns: readonly number[]) => {
      const b = new Uint8Array(gfns.length * 8);
      gfns.forEach((x, i) => new DataView(b.buffer).setBigUint64(i * 8, BigInt(x), true));
      g.domain.memory.write(at, b);
    };
    const run = (op: number, at: number, nr: number, start = 0) => {
      g.put(A, "xen_memory_reservation_t", {
        extent_start: at,
        nr_extents: nr,
        extent_order: 0,
        domid: SELF,
      });
      return g.exec(MEMORY_OP, [cmd(op, start), A]);
    };
    // increase: the domain has all its max_pages (gfn 0 is the one hole, max_pages is one
    // less than its frames), so no extent is done past the resume extent 2.
    expectCheck(
      xen,
      run(XENMEM_increase_reservation, LIST, 8, 2),
      "memory_op.increase_reservation.extent_fault",
      {
        ret: 2n,
      },
    );
    // decrease: 0x90 and 0x91 go, gfn 0 has nothing mapped.
    list(LIST, [0x90, 0x91, 0, 0x92]);
    expectCheck(
      xen,
      run(XENMEM_decrease_reservation, LIST, 4),
      "memory_op.decrease_reservation.extent_fault",
      {
        ret: 2n,
      },
    );
    expect(g.domain.memory.hasFrame(0x92)).toBe(true);
    // populate: 0x90 comes back; the list's second entry is on the next page, a hole.
    const END = 0x4ff8;
    list(END, [0x90]);
    g.domain.memory.unmap(0x5);
    expectCheck(
      xen,
      run(XENMEM_populate_physmap, END, 2),
      "memory_op.populate_physmap.extent_fault",
      {
        ret: 1n,
      },
    );
    expect(g.domain.memory.hasFrame(0x90)).toBe(true);
  });

  it("the sub-ops that never continue: resume bits, then copy_in, domid, XSM_TARGET", () => {
    const { xen, g } = world();
    expectCheck(
      xen,
      g.exec(MEMORY_OP, [cmd(XENMEM_maximum_ram_page, 1), 0]),
      "memory_op.maximum_ram_page.resume_bits",
    );
    const stat = (op: number, domid: number, start = 0) => {
      g.put(A, "xen_memory_domain", { domid });
      return g.exec(MEMORY_OP, [cmd(op, start), A]);
    };
    expectCheck(
      xen,
      stat(XENMEM_current_reservation, SELF, 1),
      "memory_op.current_reservation.resume_bits",
    );
    expectCheck(
      xen,
      g.exec(MEMORY_OP, [cmd(XENMEM_current_reservation), HOLE]),
      "memory_op.current_reservation.copy_in",
    );
    expectCheck(xen, stat(XENMEM_current_reservation, 9), "memory_op.current_reservation.domid");
    expectCheck(xen, stat(XENMEM_current_reservation, 2), "memory_op.current_reservation.xsm");
    expectCheck(
      xen,
      stat(XENMEM_maximum_reservation, SELF, 1),
      "memory_op.maximum_reservation.resume_bits",
    );
    expectCheck(
      xen,
      g.exec(MEMORY_OP, [cmd(XENMEM_maximum_reservation), HOLE]),
      "memory_op.maximum_reservation.copy_in",
    );
    expectCheck(xen, stat(XENMEM_maximum_reservation, 9), "memory_op.maximum_reservation.domid");
    expectCheck(xen, stat(XENMEM_maximum_reservation, 2), "memory_op.maximum_reservation.xsm");
    expectCheck(xen, stat(XENMEM_maximum_gpfn, SELF, 1), "memory_op.maximum_gpfn.resume_bits");
    expectCheck(
      xen,
      g.exec(MEMORY_OP, [cmd(XENMEM_maximum_gpfn), HOLE]),
      "memory_op.maximum_gpfn.copy_in",
    );
    expectCheck(xen, stat(XENMEM_maximum_gpfn, 9), "memory_op.maximum_gpfn.domid");
    expectCheck(xen, stat(XENMEM_maximum_gpfn, 2), "memory_op.maximum_gpfn.xsm");
  });

  it("remove_from_physmap: resume bits, copy_in, domid, XSM_TARGET, a gpfn with nothing mapped", () => {
    const { xen, g } = world();
    const remove = (domid: number, gpfn: number, start = 0) => {
      g.put(A, "xen_remove_from_physmap_t", { domid, gpfn });
      return g.exec(MEMORY_OP, [cmd(XENMEM_remove_from_physmap, start), A]);
    };
    expectCheck(xen, remove(SELF, 0x90, 1), "memory_op.remove_from_physmap.resume_bits");
    expectCheck(
      xen,
      g.exec(MEMORY_OP, [cmd(XENMEM_remove_from_physmap), HOLE]),
      "memory_op.remove_from_physmap.copy_in",
    );
    expectCheck(xen, remove(9, 0x90), "memory_op.remove_from_physmap.domid");
    expectCheck(xen, remove(2, 0x90), "memory_op.remove_from_physmap.xsm");
    expectCheck(xen, remove(SELF, 0), "memory_op.remove_from_physmap.not_mapped");
  });

  it("add_to_physmap: in do_memory_op's and xatp_permission_check's order", () => {
    const { xen, g } = world();
    const add = (fields: Record<string, number | bigint>, start = 0) => {
      g.put(A, "xen_add_to_physmap_t", { domid: SELF, space: 0, idx: 0, gpfn: 0x80, ...fields });
      return g.exec(MEMORY_OP, [cmd(XENMEM_add_to_physmap, start), A]);
    };
    // start_extent must fit xatp.size (uint16_t): 0xffff does, 0x10000 not.
    expectCheck(xen, add({ domid: 9 }, 0xffff), "memory_op.add_to_physmap.domid");
    expectCheck(xen, add({}, 0x10000), "memory_op.add_to_physmap.resume_bits");
    expectCheck(
      xen,
      g.exec(MEMORY_OP, [cmd(XENMEM_add_to_physmap), HOLE]),
      "memory_op.add_to_physmap.copy_in",
    );
    expectCheck(xen, add({ space: 4, domid: 9 }), "memory_op.add_to_physmap.gmfn_foreign"); // before the domain
    expectCheck(xen, add({ domid: 9 }), "memory_op.add_to_physmap.domid");
    expectCheck(xen, add({ domid: 2 }), "memory_op.add_to_physmap.xsm");
    expectCheck(xen, add({ gpfn: (1n << 64n) - 1n }), "memory_op.add_to_physmap.invalid_gfn");
    expectCheck(xen, add({ idx: 1 }), "memory_op.add_to_physmap.shared_info_idx");
    expect((add({}), xen.result(1, 0))).toBe(0n);
    expectCheck(xen, add({ gpfn: 0x81 }), "memory_op.add_to_physmap.shared_info_mapped");
  });

  it("add_to_physmap: a PV domain is not translated (-EACCES, before XSM)", () => {
    const { xen, g } = world("pv64", "x86_64");
    g.put(A, "xen_add_to_physmap_t", { domid: 2, space: 0, idx: 0, gpfn: 0x80 });
    expectCheck(
      xen,
      g.exec(MEMORY_OP, [cmd(XENMEM_add_to_physmap), A]),
      "memory_op.add_to_physmap.not_translated",
    );
  });

  it("add_to_physmap: XENMAPSPACE_dev_mmio only for the hardware domain on itself; unknown spaces per arch", () => {
    const { xen, g } = world();
    const add = (fields: Record<string, number>) => {
      g.put(A, "xen_add_to_physmap_t", { domid: SELF, space: 0, idx: 0, gpfn: 0x80, ...fields });
      return g.exec(MEMORY_OP, [cmd(XENMEM_add_to_physmap), A]);
    };
    expectCheck(xen, add({ space: 5 }), "memory_op.add_to_physmap.dev_mmio");
    // Arm has no XENMAPSPACE_gmfn: its switch's default, -ENOSYS.
    expectCheck(xen, add({ space: 2 }), "memory_op.add_to_physmap.unknown_space");
    expectCheck(xen, add({ space: 9 }), "memory_op.add_to_physmap.unknown_space");
    // x86 leaves the frame INVALID_MFN for a space it has no case for: -EINVAL.
    const hvm = world("hvm64", "x86_64");
    hvm.g.put(A, "xen_add_to_physmap_t", { domid: SELF, space: 9, idx: 0, gpfn: 0x80 });
    expectCheck(
      hvm.xen,
      hvm.g.exec(MEMORY_OP, [cmd(XENMEM_add_to_physmap), A]),
      "memory_op.add_to_physmap.no_mfn",
    );
  });

  it("add_to_physmap: releases differ: a PV domain reaches XSM in 4.12; INVALID_GFN is checked from 4.17", () => {
    const xen12 = new Xen({ arch: "x86_64", trace: true, release: "4.12" });
    xen12.createDomain({ id: 1, mode: "pv64", memory: 1 << 20 });
    xen12.createDomain({ id: 2, mode: "pv64", memory: 1 << 20 });
    const g12 = new TestGuest(xen12, 1);
    g12.put(A, "xen_add_to_physmap_t", { domid: 2, space: 0, idx: 0, gpfn: 0x80 });
    expectCheck(
      xen12,
      g12.exec(MEMORY_OP, [cmd(XENMEM_add_to_physmap), A]),
      "memory_op.add_to_physmap.xsm",
    );
    const xen16 = new Xen({ arch: "arm64", trace: true, release: "4.16" });
    xen16.createDomain({ id: 1, mode: "aarch64", memory: 1 << 20 });
    const g16 = new TestGuest(xen16, 1);
    g16.put(A, "xen_add_to_physmap_t", { domid: SELF, space: 0, idx: 1, gpfn: (1n << 64n) - 1n });
    // No INVALID_GFN check: the idx check of xenmem_add_to_physmap_one fails instead.
    expectCheck(
      xen16,
      g16.exec(MEMORY_OP, [cmd(XENMEM_add_to_physmap), A]),
      "memory_op.add_to_physmap.shared_info_idx",
    );
  });

  it("remove_from_physmap: a PV domain is -EACCES from 4.13, before XSM", () => {
    const { xen, g } = world("pv64", "x86_64");
    g.put(A, "xen_remove_from_physmap_t", { domid: 2, gpfn: 0x90 });
    expectCheck(
      xen,
      g.exec(MEMORY_OP, [cmd(XENMEM_remove_from_physmap), A]),
      "memory_op.remove_from_physmap.not_translated",
    );
  });
});
