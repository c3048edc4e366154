/**
 * XENMEM_add_to_physmap_batch (xen/common/memory.c: do_memory_op, xenmem_add_to_physmap_batch;
 * xen/common/compat/memory.c: compat_memory_op): each check made to fail once, by its id in
 * the trace; per-entry results in errs; the continuation through cmd's upper bits; the
 * releases that differ; the compat path's own order.
 */
import { describe, expect, it } from "vitest";
import { Xen, type ExecResult } from "../xen.js";
import type { GuestMode, XenArch } from "../abi/modes.js";
import type { ReleaseRef } from "../machine/release.js";
import { EBUSY, EINVAL, ENOSYS, EPERM, ESRCH } from "../machine/errno.js";
import {
  MEMOP_EXTENT_SHIFT,
  XENMEM_add_to_physmap_batch,
} from "../hypercalls/memory_op/constants.js";
import { expectCheck } from "./machine.testing.js";
import { TestGuest } from "./test-guest.testing.js";

const MEMORY_OP = 12;
const SELF = 0x7ff0;
const A = 0x2000;
const IDXS = 0x3000;
const GPFNS = 0x3800;
const ERRS = 0x4000;
/** Address 0 is a hole in every guest: copies from or to it fault. */
const HOLE = 0;

interface World {
  mode?: GuestMode;
  arch?: XenArch;
  release?: ReleaseRef;
  preemptBudget?: number;
  caller?: number;
}

function world(o: World = {}) {
  const mode = o.mode ?? "aarch64";
  const xen = new Xen({
    arch: o.arch ?? "arm64",
    trace: true,
    ...(o.release !== undefined && { release: o.release }),
    ...(o.preemptBudget !== undefined && { preemptBudget: o.preemptBudget }),
  });
  for (const id of [0, 1, 2]) xen.createDomain({ id, mode, memory: 1 << 20 });
  const g = new TestGuest(xen, o.caller ?? 1);
  const wide = mode !== "pv32" && mode !== "hvm32";
  /** Lay out the entries (idx, gpfn) and the struct; errs pre-filled with 0x55. */
  const batch = (
    entries: readonly (readonly [number | bigint, number | bigint])[],
    fields: Record<string, number | bigint> = {},
  ) => {
    const n = wide ? 8 : 4;
    entries.forEach(([idx, gpfn], i) => {
      const b = new Uint8Array(n);
      const v = new DataView(b.buffer);
      if (wide) v.setBigUint64(0, BigInt(idx), true);
      else v.setUint32(0, Number(idx), true);
      g.domain.memory.write(IDXS + i * n, b);
      if (wide) v.setBigUint64(0, BigInt(gpfn), true);
      else v.setUint32(0, Number(gpfn), true);
      g.domain.memory.write(GPFNS + i * n, b);
    });
    g.domain.memory.write(ERRS, new Uint8Array(64).fill(0x55));
    g.put(A, "xen_add_to_physmap_batch_t", {
      domid: SELF,
      space: 0,
      size: entries.length,
      u: 0,
      idxs: IDXS,
      gpfns: GPFNS,
      errs: ERRS,
      ...fields,
    });
  };
  const run = (start = 0, arg = A) =>
    g.exec(MEMORY_OP, [
      BigInt(XENMEM_add_to_physmap_batch) + (BigInt(start) << BigInt(MEMOP_EXTENT_SHIFT)),
      arg,
    ]);
  const errs = (n: number) => {
    const b = g.domain.memory.readBytes(ERRS, n * 4)!;
    return Array.from({ length: n }, (_, i) => new DataView(b.buffer).getInt32(i * 4, true));
  };
  const checks = (r: ExecResult) =>
    r.trace!.flatMap((e) => (e.kind === "check" ? [{ kind: e.kind, id: e.id }] : []));
  return { xen, g, batch, run, errs, checks };
}

describe("XENMEM_add_to_physmap_batch: the call's own checks, in do_memory_op's order", () => {
  it("EDOM before the copy, then EFAULT, EOPNOTSUPP before the domain, ESRCH, EACCES, EPERM", () => {
    const { xen, batch, run } = world();
    // The resume extent must fit size (uint16_t): checked before the struct is read.
    expectCheck(xen, run(0x10000, HOLE), "memory_op.add_to_physmap_batch.resume_bits");
    expectCheck(xen, run(0, HOLE), "memory_op.add_to_physmap_batch.copy_in");
    batch([[0, 0x80]], { space: 3, domid: 9 });
    expectCheck(xen, run(), "memory_op.add_to_physmap_batch.gmfn_range");
    batch([[0, 0x80]], { domid: 9 });
    expectCheck(xen, run(), "memory_op.add_to_physmap_batch.domid");
    batch([[0, 0x80]], { space: 5 });
    expectCheck(xen, run(), "memory_op.add_to_physmap_batch.dev_mmio");
    batch([[0, 0x80]], { domid: 2 });
    expectCheck(xen, run(), "memory_op.add_to_physmap_batch.xsm");
  });

  it("a PV domain is not translated: -EACCES from 4.13, before XSM; 4.12 goes on (not modelled)", () => {
    const w = world({ mode: "pv64", arch: "x86_64" });
    w.batch([[0, 0x80]], { domid: 2 });
    expectCheck(w.xen, w.run(), "memory_op.add_to_physmap_batch.not_translated");
    const old = world({ mode: "pv64", arch: "x86_64", release: "4.12" });
    old.batch([[0, 0x80]], { domid: 2 });
    expectCheck(old.xen, old.run(), "memory_op.add_to_physmap_batch.xsm");
    old.batch([[0, 0x80]]);
    expect(old.run().unmodelled).toMatch(/a PV domain, before 4.13/);
  });

  it("resume extents: past size -EILSEQ; at size -EILSEQ from 4.13 (4.12: 0, nothing done); size 0 from 0 is 0", () => {
    const { xen, batch, run, errs } = world();
    batch([
      [0, 0x80],
      [0, 0x81],
    ]);
    expectCheck(xen, run(3), "memory_op.add_to_physmap_batch.resume_past_end");
    expectCheck(xen, run(2), "memory_op.add_to_physmap_batch.resume_at_end");
    expect(errs(2)).toEqual([0x55555555, 0x55555555]);
    batch([]);
    const r = run(0);
    expect(xen.result(1, 0)).toBe(0n);
    expect(r.trace!.some((e) => e.kind === "check")).toBe(false);
    const old = world({ release: "4.12" });
    old.batch([
      [0, 0x80],
      [0, 0x81],
    ]);
    old.run(2);
    expect(old.xen.result(1, 0)).toBe(0n);
    expect(old.errs(2)).toEqual([0x55555555, 0x55555555]);
  });

  it("XENMAPSPACE_dev_mmio with u.res0 set: -EOPNOTSUPP from 4.15, 4.14.1, 4.13.2, 4.12.4 (the hardware domain on itself)", () => {
    const { xen, batch, run } = world({ caller: 0 });
    batch([[0x9000, 0x80]], { space: 5, u: 1 });
    expectCheck(xen, run(), "memory_op.add_to_physmap_batch.dev_mmio_res0", { dom: 0 });
    const old = world({ caller: 0, release: "4.14" });
    old.batch([[0x9000, 0x80]], { space: 5, u: 1 });
    expect(old.run().unmodelled).toMatch(/XENMAPSPACE_dev_mmio/);
    // XSA-346 reached 4.14 in 4.14.1 (and 4.12.4, 4.13.2).
    for (const release of ["4.14.1", "4.13.2", "4.12.4"] as const) {
      const fixed = world({ caller: 0, release });
      fixed.batch([[0x9000, 0x80]], { space: 5, u: 1 });
      expectCheck(fixed.xen, fixed.run(), "memory_op.add_to_physmap_batch.dev_mmio_res0", {
        dom: 0,
      });
    }
    const before = world({ caller: 0, release: "4.13.1" });
    before.batch([[0x9000, 0x80]], { space: 5, u: 1 });
    expect(before.run().unmodelled).toMatch(/XENMAPSPACE_dev_mmio/);
  });

  it("an entry that cannot be read: -EFAULT, the entries before it done", () => {
    const { xen, g, batch, run, errs } = world();
    batch([
      [0, 0x80],
      [0, 0x81],
    ]);
    // Entry 1's idx lies on an unmapped frame.
    g.put(A, "xen_add_to_physmap_batch_t", {
      domid: SELF,
      space: 0,
      size: 2,
      idxs: 0x5ff8,
      gpfns: GPFNS,
      errs: ERRS,
    });
    g.domain.memory.write(0x5ff8, new Uint8Array(8));
    g.domain.memory.unmap(6);
    expectCheck(xen, run(), "memory_op.add_to_physmap_batch.entry_copy");
    expect(errs(2)).toEqual([0, 0x55555555]);
    expect(g.domain.sharedInfoGfn).toBe(0x80);
  });

  it("INVALID_GFN stops the call with -EINVAL from 4.17, no error written for it", () => {
    const { xen, batch, run, errs } = world();
    batch([
      [1, 0x80],
      [0, (1n << 64n) - 1n],
    ]);
    expectCheck(xen, run(), "memory_op.add_to_physmap_batch.invalid_gfn");
    expect(errs(2)).toEqual([-EINVAL, 0x55555555]);
    const old = world({ release: "4.16" });
    old.batch([[0, (1n << 64n) - 1n]]);
    expect(old.run().unmodelled).toMatch(/beyond the guest's modelled space/);
  });

  it("an entry's result that cannot be written: -EFAULT, that entry done", () => {
    const { xen, g, batch, run } = world();
    batch([[0, 0x80]], { errs: HOLE });
    expectCheck(xen, run(), "memory_op.add_to_physmap_batch.errs_copy");
    expect(g.domain.sharedInfoGfn).toBe(0x80);
  });
});

describe("XENMEM_add_to_physmap_batch: each entry's result in errs, the call's 0", () => {
  it("shared_info: idx 0 maps it; idx 1 -EINVAL; on Arm from 4.17 mapping it again is -EBUSY, at any gfn", () => {
    const { xen, g, batch, run, errs, checks } = world();
    batch([
      [1, 0x80],
      [0, 0x80],
      [0, 0x80],
      [0, 0x81],
    ]);
    const r = run();
    expect(xen.result(1, 0)).toBe(0n);
    expect(errs(4)).toEqual([-EINVAL, 0, -EBUSY, -EBUSY]);
    expect(checks(r)).toEqual([
      { kind: "check", id: "memory_op.add_to_physmap_batch.shared_info_idx" },
      { kind: "check", id: "memory_op.add_to_physmap_batch.shared_info_mapped" },
      { kind: "check", id: "memory_op.add_to_physmap_batch.shared_info_mapped" },
    ]);
    expect(g.domain.sharedInfoGfn).toBe(0x80);
    // Arm before 4.17 just maps it again (guest_physmap_add_entry): both gfns show the page.
    const old = world({ release: "4.16" });
    old.batch([
      [0, 0x80],
      [0, 0x81],
    ]);
    old.run();
    expect(old.errs(2)).toEqual([0, 0]);
    expect(old.g.domain.sharedInfoGfn).toBe(0x81);
    old.g.domain.sharedInfo[0] = 0x5a;
    expect(old.g.domain.memory.readBytes(0x80000, 1)).toEqual(new Uint8Array([0x5a]));
    expect(old.g.domain.memory.readBytes(0x81000, 1)).toEqual(new Uint8Array([0x5a]));
  });

  it("Arm: XENMAPSPACE_gmfn is no space of Arm's, -ENOSYS; x86 HVM: an unknown space is -EINVAL", () => {
    const arm = world();
    arm.batch([[0x90, 0x80]], { space: 2 });
    expect(arm.checks(arm.run())).toEqual([
      { kind: "check", id: "memory_op.add_to_physmap_batch.unknown_space" },
    ]);
    expect(arm.errs(1)).toEqual([-ENOSYS]);
    const x86 = world({ mode: "hvm64", arch: "x86_64" });
    x86.batch([[0, 0x80]], { space: 9 });
    expect(x86.checks(x86.run())).toEqual([
      { kind: "check", id: "memory_op.add_to_physmap_batch.no_mfn" },
    ]);
    expect(x86.errs(1)).toEqual([-EINVAL]);
    expect(x86.xen.result(1, 0)).toBe(0n);
  });

  it("Arm XENMAPSPACE_gmfn_foreign: owner by u.foreign_domid, not domid itself, XSM_TARGET, a page at idx", () => {
    const { batch, run, errs, checks } = world();
    const foreign = (u: number) => {
      batch([[0x10, 0x80]], { space: 4, u });
      return checks(run());
    };
    expect(foreign(9)).toEqual([
      { kind: "check", id: "memory_op.add_to_physmap_batch.foreign_owner" },
    ]);
    expect(errs(1)).toEqual([-ESRCH]);
    // The caller's own id is no owner (get_pg_owner); DOMID_SELF names it and is domid itself.
    expect(foreign(1)).toEqual([
      { kind: "check", id: "memory_op.add_to_physmap_batch.foreign_owner" },
    ]);
    expect(foreign(SELF)).toEqual([
      { kind: "check", id: "memory_op.add_to_physmap_batch.foreign_self" },
    ]);
    expect(errs(1)).toEqual([-EINVAL]);
    expect(foreign(2)).toEqual([
      { kind: "check", id: "memory_op.add_to_physmap_batch.foreign_xsm" },
    ]);
    expect(errs(1)).toEqual([-EPERM]);
    // The control domain may map domain 2's frames: not at a gfn domain 2 has no page at.
    const dom0 = world({ caller: 0 });
    dom0.batch([[0, 0x80]], { space: 4, u: 2 });
    expect(dom0.checks(dom0.run())).toEqual([
      { kind: "check", id: "memory_op.add_to_physmap_batch.foreign_gfn" },
    ]);
    expect(dom0.errs(1)).toEqual([-EINVAL]);
    dom0.batch([[0x10, 0x80]], { space: 4, u: 2 });
    expect(dom0.run().unmodelled).toMatch(/another domain's page/);
  });

  it("preempted between entries: the resume extent in cmd's upper bits, re-executed to the end", () => {
    const { xen, batch, run, errs } = world({ preemptBudget: 2 });
    batch(Array.from({ length: 7 }, () => [1, 0x80] as const));
    const r = run();
    expect(r.continuations).toBe(3);
    expect(xen.result(1, 0)).toBe(0n);
    expect(errs(7)).toEqual(new Array(7).fill(-EINVAL));
  });
});

describe("XENMEM_add_to_physmap_batch from a 32-bit x86 guest: compat_memory_op translates first", () => {
  it("copies the struct and the round's entries before do_memory_op's EDOM and space checks", () => {
    const { xen, g, batch, run, errs } = world({ mode: "hvm32", arch: "x86_64" });
    // The struct's copy comes before the resume extent's check.
    expectCheck(xen, run(0x10000, HOLE), "memory_op.add_to_physmap_batch.copy_in");
    batch([[0, 0x80]]);
    expectCheck(xen, run(0x10000), "memory_op.add_to_physmap_batch.resume_bits");
    // An entry that cannot be read fails the round before any entry is mapped, even with a
    // space do_memory_op refuses.
    batch(
      [
        [0, 0x80],
        [0, 0x81],
      ],
      { space: 3 },
    );
    g.put(A, "xen_add_to_physmap_batch_t", {
      domid: SELF,
      space: 0,
      size: 2,
      idxs: 0x5ffc,
      gpfns: GPFNS,
      errs: ERRS,
    });
    g.domain.memory.unmap(6);
    expectCheck(xen, run(), "memory_op.add_to_physmap_batch.compat_entry_copy");
    expect(errs(2)).toEqual([0x55555555, 0x55555555]);
    expect(g.domain.sharedInfoGfn).toBe(null);
  });

  it("a 32-bit gpfn of all ones is no INVALID_GFN (zero-extended): the entry fails on its own, the call goes on", () => {
    const { xen, batch, run, errs } = world({ mode: "hvm32", arch: "x86_64" });
    batch([
      [1, 0xffffffff],
      [0, 0x80],
    ]);
    run();
    expect(xen.result(1, 0)).toBe(0n);
    expect(errs(2)).toEqual([-EINVAL, 0]);
  });
});
