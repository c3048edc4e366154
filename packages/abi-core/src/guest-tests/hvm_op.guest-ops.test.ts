import { describe, expect, it } from "vitest";
import { RELEASES } from "../machine/release.js";
import type { TestGuest } from "./test-guest.testing.js";
import { expectHvmCheck, hvmOpWorld, type HvmOpWorld } from "./hvm_op.testing.js";
import { parseAltp2mCmdline } from "../hypercalls/hvm_op/p2m-ops.js";

const FLUSH_TLBS = 5;
const PAGETABLE_DYING = 9;
const GET_TIME = 10;
const XENTRACE = 11;
const GET_MEM_TYPE = 15;
const GUEST_REQUEST_VM_EVENT = 24;
const ALTP2M = 25;
const SELF = 0x7ff0;
const A = 0x2000;
/** An address past the 1 MiB guests' memory: copies there fault. */
const BAD = 0x20_0000;

describe("HVMOP_get_time (x86 do_hvm_op)", () => {
  it("writes NOW(), the machine's system time, for HVM and PV callers alike", () => {
    for (const mode of ["hvm64", "hvm32", "pv64", "pv32"] as const) {
      const w = hvmOpWorld(mode, { stime: 123_456_789_012n });
      w.g.put(A, "xen_hvm_get_time_t", { now: 0xdead });
      expect(w.raw(w.g, GET_TIME, A), mode).toBe(0);
      expect(w.g.get(A, "xen_hvm_get_time_t").now, mode).toBe(123_456_789_012n);
      expect(w.unmodelled()).toBeNull();
    }
  });

  it("an unwritable struct is -EFAULT", () => {
    const w = hvmOpWorld("hvm64");
    expectHvmCheck(w, w.raw(w.g, GET_TIME, 0), "hvm_op.get_time.copy_out");
    expectHvmCheck(w, w.raw(w.g, GET_TIME, BAD), "hvm_op.get_time.copy_out");
  });
});

describe("HVMOP_flush_tlbs (x86 do_hvm_op, hvmop_flush_tlb_all)", () => {
  it("an HVM caller with a NULL handle gets 0 (the machine has no TLB to flush)", () => {
    for (const release of RELEASES) {
      const w = hvmOpWorld("hvm64", { release });
      expect(w.raw(w.g, FLUSH_TLBS, 0), release).toBe(0);
      expect(w.unmodelled()).toBeNull();
    }
  });

  it("a handle that is not NULL is -EINVAL before the HVM check; a PV caller -EINVAL", () => {
    const w = hvmOpWorld("hvm32");
    expectHvmCheck(w, w.raw(w.g, FLUSH_TLBS, A), "hvm_op.flush_tlbs.arg");
    const pv = hvmOpWorld("pv64");
    expectHvmCheck(pv, pv.raw(pv.g, FLUSH_TLBS, A), "hvm_op.flush_tlbs.arg");
    expectHvmCheck(pv, pv.raw(pv.g, FLUSH_TLBS, 0), "hvm_op.flush_tlbs.not_hvm");
  });
});

describe("HVMOP_xentrace (x86 do_hvm_op)", () => {
  const trace = (w: HvmOpWorld, event: number, extra_bytes: number) => {
    w.g.put(A, "xen_hvm_xentrace_t", { event, extra_bytes });
    return w.raw(w.g, XENTRACE, A);
  };

  it("a well-formed record is 0 (Xen's trace buffers are for dom0's xentrace)", () => {
    for (const mode of ["hvm64", "pv32"] as const) {
      const w = hvmOpWorld(mode);
      expect(trace(w, 0xfff, 28), mode).toBe(0);
      expect(trace(w, 0, 0), mode).toBe(0);
    }
  });

  it("an unreadable struct -EFAULT; too many bytes or a subclass bit -EINVAL", () => {
    const w = hvmOpWorld("hvm64");
    expectHvmCheck(w, w.raw(w.g, XENTRACE, 0), "hvm_op.xentrace.copy_in");
    expectHvmCheck(w, trace(w, 1, 32), "hvm_op.xentrace.record");
    expectHvmCheck(w, trace(w, 0x1000, 4), "hvm_op.xentrace.record");
  });

  it("extra_bytes not a multiple of 4 is -EINVAL from 4.18 only", () => {
    for (const release of RELEASES) {
      const w = hvmOpWorld("hvm64", { release });
      const minor = Number(release.split(".")[1]);
      expect(trace(w, 1, 5), release).toBe(minor >= 18 ? -22 : 0);
    }
  });
});

describe("HVMOP_guest_request_vm_event (x86 and Arm do_hvm_op)", () => {
  it("NULL is 0 (no monitor: nothing is sent); anything else -EINVAL", () => {
    const worlds = [
      hvmOpWorld("hvm64"),
      hvmOpWorld("pv64"),
      hvmOpWorld("aarch64", { arch: "arm64" }),
      hvmOpWorld("aarch32", { arch: "arm32" }),
    ];
    for (const w of worlds) {
      expect(w.raw(w.g, GUEST_REQUEST_VM_EVENT, 0)).toBe(0);
      expect(w.unmodelled()).toBeNull();
      expectHvmCheck(w, w.raw(w.g, GUEST_REQUEST_VM_EVENT, A), "hvm_op.guest_request_vm_event.arg");
    }
  });

  it("Arm's do_hvm_op has no other of these ops: -ENOSYS", () => {
    const w = hvmOpWorld("aarch64", { arch: "arm64" });
    for (const op of [FLUSH_TLBS, PAGETABLE_DYING, GET_TIME, XENTRACE, GET_MEM_TYPE, ALTP2M])
      expectHvmCheck(w, w.raw(w.g, op, A), "hvm_op.entry.unknown_op");
  });
});

describe("HVMOP_pagetable_dying (x86 do_hvm_op)", () => {
  const dying = (w: HvmOpWorld, g: TestGuest, domid: number) => {
    g.put(A, "xen_hvm_pagetable_dying_t", { domid, gpa: 0x1000 });
    return w.raw(g, PAGETABLE_DYING, A);
  };

  it("checks the struct, the domain, that it is the caller's own, then shadow paging", () => {
    const w = hvmOpWorld("hvm64");
    expectHvmCheck(w, w.raw(w.g, PAGETABLE_DYING, 0), "hvm_op.pagetable_dying.copy_in");
    expectHvmCheck(w, dying(w, w.g, 9), "hvm_op.pagetable_dying.domid");
    expectHvmCheck(w, dying(w, w.g, 2), "hvm_op.pagetable_dying.other_domain");
    expectHvmCheck(w, dying(w, w.dom0, 1), "hvm_op.pagetable_dying.other_domain"); // even dom0
    const pv = hvmOpWorld("pv64");
    expectHvmCheck(pv, dying(pv, pv.g, SELF), "hvm_op.pagetable_dying.not_shadow");
  });

  it("an HVM caller on itself: HAP or shadow, which the machine does not know", () => {
    const w = hvmOpWorld("hvm32");
    dying(w, w.g, SELF);
    expect(w.unmodelled()).toMatch(/pagetable_dying: HAP .* shadow/);
  });
});

describe("HVMOP_get_mem_type (x86 hvmop_get_mem_type)", () => {
  const memType = (w: HvmOpWorld, g: TestGuest, domid: number) => {
    g.put(A, "xen_hvm_get_mem_type_t", { domid, pfn: 0x10 });
    return w.raw(g, GET_MEM_TYPE, A);
  };

  it("checks the struct, the domain, XSM, then that it is HVM", () => {
    const w = hvmOpWorld("hvm64");
    expectHvmCheck(w, w.raw(w.g, GET_MEM_TYPE, BAD), "hvm_op.get_mem_type.copy_in");
    expectHvmCheck(w, memType(w, w.g, 9), "hvm_op.get_mem_type.domid");
    expectHvmCheck(w, memType(w, w.g, 2), "hvm_op.get_mem_type.xsm");
    const pv = hvmOpWorld("pv64");
    expectHvmCheck(pv, memType(pv, pv.g, SELF), "hvm_op.get_mem_type.not_hvm");
    expectHvmCheck(pv, memType(pv, pv.g, 2), "hvm_op.get_mem_type.xsm"); // XSM first
  });

  it("FLASK's shipped policy gives hvmctl only to dom0 on another domain", () => {
    const w = hvmOpWorld("hvm64", { xsm: "flask" });
    expectHvmCheck(w, memType(w, w.g, SELF), "hvm_op.get_mem_type.flask");
    expectHvmCheck(w, memType(w, w.g, 2), "hvm_op.get_mem_type.flask");
    expectHvmCheck(w, memType(w, w.dom0, SELF), "hvm_op.get_mem_type.flask");
    memType(w, w.dom0, 1);
    expect(w.unmodelled()).toBe("hvm_op/get_mem_type: the pfn's p2m type");
  });

  it("past the checks the pfn's p2m type is left unmodelled", () => {
    const w = hvmOpWorld("hvm64");
    memType(w, w.g, SELF);
    expect(w.unmodelled()).toBe("hvm_op/get_mem_type: the pfn's p2m type");
  });
});

describe("HVMOP_altp2m (x86 do_altp2m_op)", () => {
  it("without altp2m on Xen's command line: -EOPNOTSUPP before the struct is read", () => {
    for (const release of RELEASES)
      for (const mode of ["hvm64", "hvm32", "pv64"] as const) {
        const w = hvmOpWorld(mode, { release });
        expectHvmCheck(w, w.raw(w.g, ALTP2M, 0), "hvm_op.altp2m.not_supported");
      }
  });

  it("with altp2m on, the CPU decides: unmodelled", () => {
    const w = hvmOpWorld("hvm64", { cmdline: "altp2m=1" });
    w.raw(w.g, ALTP2M, A);
    expect(w.unmodelled()).toMatch(/altp2m .* VMX and EPT/);
  });

  it("reads `altp2m` as Xen's boolean_param does", () => {
    const cases: [string, boolean][] = [
      ["", false],
      ["altp2m", true],
      ["altp2m=1", true],
      ["altp2m=on", true],
      ["altp2m=0", false],
      ["no-altp2m", false],
      ["no-altp2m=0", true],
      ["altp2m=maybe", false],
      ["altp2m=1 altp2m=maybe", true],
      ["altp2m no-altp2m", false],
      ["altp2mx=1", false],
    ];
    for (const [cmdline, on] of cases) expect(parseAltp2mCmdline(cmdline), cmdline).toBe(on);
  });
});
