/**
 * x86's M2P, paging and sharing sub-ops (xen/arch/x86/mm.c arch_memory_op,
 * xen/arch/x86/x86_64/mm.c subarch_memory_op, xen/arch/x86/hvm/hypercall.c hvm_memory_op),
 * which Arm's arch_memory_op (xen/arch/arm/mm.c) does not have.
 */
import { describe, expect, it } from "vitest";
import { Xen } from "../xen.js";
import type { GuestMode, XenArch } from "../abi/modes.js";
import { MEMOP_EXTENT_SHIFT } from "../hypercalls/memory_op/constants.js";
import { expectCheck } from "./machine.testing.js";
import { TestGuest } from "./test-guest.testing.js";

const MEMORY_OP = 12;
const A = 0x2000;
const HOLE = 0;

function world(mode: GuestMode = "pv64", arch: XenArch = "x86_64") {
  const xen = new Xen({ arch, trace: true });
  for (const id of [0, 1]) xen.createDomain({ id, mode, memory: 1 << 20 });
  const cmd = (op: number, start = 0) => BigInt(op) + (BigInt(start) << BigInt(MEMOP_EXTENT_SHIFT));
  return { xen, g: new TestGuest(xen, 1), dom0: new TestGuest(xen, 0), cmd };
}

describe("XENMEM_machphys_mapping", () => {
  it("a 64-bit PV domU: the M2P table's fixed window and size (public/arch-x86/xen-x86_64.h)", () => {
    const { g } = world();
    expect(g.call(MEMORY_OP, [12, A])).toBe(0);
    expect(g.get(A, "xen_machphys_mapping_t")).toEqual({
      v_start: 0xffff800000000000n,
      v_end: 0xffff804000000000n,
      max_mfn: 0x7ffffffffn,
    });
  });

  it("the hardware domain learns the host's last frame (max_page - 1, no memory hot-plug)", () => {
    const { dom0 } = world();
    expect(dom0.call(MEMORY_OP, [12, A])).toBe(0);
    expect(dom0.get(A, "xen_machphys_mapping_t").max_mfn).toBe(0xfffffn);
  });

  it("copy_out, resume bits, HVM, Arm; a 32-bit guest's window is not modelled", () => {
    const pv = world();
    expectCheck(pv.xen, pv.g.exec(MEMORY_OP, [12, HOLE]), "memory_op.machphys_mapping.copy_out");
    expectCheck(
      pv.xen,
      pv.g.exec(MEMORY_OP, [pv.cmd(12, 1), A]),
      "memory_op.machphys_mapping.resume_bits",
    );
    const hvm = world("hvm64");
    expectCheck(hvm.xen, hvm.g.exec(MEMORY_OP, [12, A]), "memory_op.machphys_mapping.hvm");
    const arm = world("aarch64", "arm64");
    expectCheck(arm.xen, arm.g.exec(MEMORY_OP, [12, A]), "memory_op.machphys_mapping.arm");
    const pv32 = world("pv32");
    expect(pv32.g.exec(MEMORY_OP, [12, A]).unmodelled).toMatch(/32-bit guest's M2P window/);
  });
});

describe("the other x86-only sub-ops: Arm's -ENOSYS, x86's resume bits, the rest not modelled", () => {
  it("machphys_mfn_list, paging_op, sharing_op, machphys_compat_mfn_list", () => {
    const arm = world("aarch64", "arm64");
    const pv = world();
    expectCheck(arm.xen, arm.g.exec(MEMORY_OP, [5, A]), "memory_op.machphys_mfn_list.arm");
    expectCheck(arm.xen, arm.g.exec(MEMORY_OP, [20, A]), "memory_op.paging_op.arm");
    expectCheck(arm.xen, arm.g.exec(MEMORY_OP, [22, A]), "memory_op.sharing_op.arm");
    expectCheck(arm.xen, arm.g.exec(MEMORY_OP, [25, A]), "memory_op.machphys_compat_mfn_list.arm");
    expectCheck(
      pv.xen,
      pv.g.exec(MEMORY_OP, [pv.cmd(5, 1), A]),
      "memory_op.machphys_mfn_list.resume_bits",
    );
    expectCheck(
      pv.xen,
      pv.g.exec(MEMORY_OP, [pv.cmd(20, 1), A]),
      "memory_op.paging_op.resume_bits",
    );
    expectCheck(
      pv.xen,
      pv.g.exec(MEMORY_OP, [pv.cmd(22, 1), A]),
      "memory_op.sharing_op.resume_bits",
    );
    expectCheck(
      pv.xen,
      pv.g.exec(MEMORY_OP, [pv.cmd(25, 1), A]),
      "memory_op.machphys_compat_mfn_list.resume_bits",
    );
    for (const op of [5, 20, 22, 25])
      expect(pv.g.exec(MEMORY_OP, [op, A]).unmodelled).toBe(
        `memory_op/XENMEM_${
          {
            5: "machphys_mfn_list",
            20: "paging_op",
            22: "sharing_op",
            25: "machphys_compat_mfn_list",
          }[op]
        }`,
      );
  });
});
