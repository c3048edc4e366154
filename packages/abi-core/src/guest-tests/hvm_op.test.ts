import { describe, expect, it } from "vitest";
import type { GuestMode, XenArch } from "../abi/modes.js";
import type { Release } from "../machine/release.js";
import type { XsmModule } from "../xsm/index.js";
import type { TestGuest } from "./test-guest.testing.js";
import { expectHvmCheck, HVM_OP, hvmOpWorld } from "./hvm_op.testing.js";
import {
  HVM_PARAM_ALTP2M,
  HVM_PARAM_CALLBACK_IRQ,
  HVM_PARAM_CONSOLE_EVTCHN,
  HVM_PARAM_DM_DOMAIN,
  HVM_PARAM_IDENT_PT,
  HVM_PARAM_MONITOR_RING_PFN,
  HVM_PARAM_STORE_EVTCHN,
  HVM_PARAM_STORE_PFN,
  HVM_PARAM_TIMER_MODE,
  HVM_PARAM_TRIPLE_FAULT_REASON,
  HVM_PARAM_VIRIDIAN,
  HVM_PARAM_VM86_TSS,
  HVM_PARAM_VM86_TSS_SIZED,
  HVM_PARAM_X87_FIP_WIDTH,
} from "../hypercalls/hvm_op/params.js";

const SELF = 0x7ff0;
const A = 0x2000;

function world(mode: GuestMode, arch: XenArch, release?: string, xsm?: XsmModule) {
  const w = hvmOpWorld(mode, {
    arch,
    ...(release ? { release: release as Release } : {}),
    ...(xsm ? { xsm } : {}),
  });
  const { raw } = w;
  const call = (
    g: TestGuest,
    op: number,
    domid: number,
    index: number,
    value: bigint | number = 0,
  ) => {
    g.put(A, "xen_hvm_param_t", { domid, index, value });
    return raw(g, op, A);
  };
  const value = (g: TestGuest) => g.get(A, "xen_hvm_param_t").value;
  const set = (g: TestGuest, domid: number, index: number, v: bigint | number) =>
    call(g, 0, domid, index, v);
  const get = (g: TestGuest, domid: number, index: number) => call(g, 1, domid, index);
  return { ...w, set, get, value };
}

describe("hvm_op set_param / get_param on x86", () => {
  it("the toolstack sets the boot params; the guest reads them; the guest sets its callback", () => {
    const w = world("hvm64", "x86_64");
    expect(w.set(w.dom0, 1, HVM_PARAM_STORE_PFN, 0xfeffc)).toBe(0);
    expect(w.set(w.dom0, 1, HVM_PARAM_STORE_EVTCHN, 1)).toBe(0);
    expect(w.get(w.g, SELF, HVM_PARAM_STORE_PFN)).toBe(0);
    expect(w.value(w.g)).toBe(0xfeffcn);
    expect(w.get(w.g, SELF, HVM_PARAM_STORE_EVTCHN)).toBe(0);
    expect(w.value(w.g)).toBe(1n);
    // HVM_PARAM_CALLBACK_TYPE_VECTOR (2) << 56 | vector 0xf3, as Linux sets it.
    const via = (2n << 56n) | 0xf3n;
    expect(w.set(w.g, SELF, HVM_PARAM_CALLBACK_IRQ, via)).toBe(0);
    expect(w.get(w.g, SELF, HVM_PARAM_CALLBACK_IRQ)).toBe(0);
    expect(w.value(w.g)).toBe(via);
    expect(w.set(w.g, SELF, HVM_PARAM_CONSOLE_EVTCHN, 3)).toBe(0);
  });

  it("reports each check in Xen's order", () => {
    const w = world("hvm64", "x86_64");
    const { g, dom0 } = w;
    expectHvmCheck(w, w.raw(g, 0, 0), "hvm_op.set_param.copy_in");
    expectHvmCheck(w, w.raw(g, 1, 0), "hvm_op.get_param.copy_in");
    expectHvmCheck(w, w.set(g, SELF, 39, 0), "hvm_op.set_param.index");
    expectHvmCheck(w, w.get(g, SELF, 39), "hvm_op.get_param.index");
    expectHvmCheck(w, w.set(g, 7, HVM_PARAM_CALLBACK_IRQ, 0), "hvm_op.set_param.domid");
    expectHvmCheck(w, w.get(g, 7, HVM_PARAM_CALLBACK_IRQ), "hvm_op.get_param.domid");
    expectHvmCheck(w, w.set(g, 0, HVM_PARAM_CALLBACK_IRQ, 0), "hvm_op.set_param.xsm");
    expectHvmCheck(w, w.get(g, 0, HVM_PARAM_CALLBACK_IRQ), "hvm_op.get_param.xsm");
    expectHvmCheck(w, w.set(g, SELF, HVM_PARAM_ALTP2M, 1), "hvm_op.set_param.read_only");
    expectHvmCheck(w, w.set(g, SELF, HVM_PARAM_DM_DOMAIN, SELF), "hvm_op.set_param.deprecated");
    expectHvmCheck(w, w.get(g, SELF, HVM_PARAM_DM_DOMAIN), "hvm_op.get_param.deprecated");
    expectHvmCheck(w, w.set(g, SELF, HVM_PARAM_STORE_PFN, 1), "hvm_op.set_param.not_settable");
    expectHvmCheck(w, w.get(g, SELF, HVM_PARAM_IDENT_PT), "hvm_op.get_param.not_readable");
    expectHvmCheck(w, w.set(dom0, 1, HVM_PARAM_TIMER_MODE, 4), "hvm_op.set_param.timer_mode");
    expectHvmCheck(
      w,
      w.set(dom0, 1, HVM_PARAM_TRIPLE_FAULT_REASON, 6),
      "hvm_op.set_param.triple_fault_reason",
    );
    expectHvmCheck(w, w.set(g, SELF, HVM_PARAM_X87_FIP_WIDTH, 2), "hvm_op.set_param.x87_fip_width");
    expect(w.set(g, SELF, HVM_PARAM_X87_FIP_WIDTH, 8)).toBe(0);
    expect(w.get(g, SELF, HVM_PARAM_X87_FIP_WIDTH)).toBe(0);
    expect(w.value(g)).toBe(8n);
    expectHvmCheck(
      w,
      w.set(dom0, 1, HVM_PARAM_VM86_TSS_SIZED, 103n << 32n),
      "hvm_op.set_param.vm86_tss_sized",
    );
    expect(w.xen.domain(1).crashed).toBe(false); // the toolstack's mistake, not the guest's
    expect(w.set(g, SELF, HVM_PARAM_VM86_TSS, 0x1000)).toBe(0);
    expect(w.get(g, SELF, HVM_PARAM_VM86_TSS_SIZED)).toBe(0);
    expect(w.value(g)).toBe((128n << 32n) | 0x1000n);
    expectHvmCheck(w, w.set(g, SELF, HVM_PARAM_VM86_TSS, 1n << 32n), "hvm_op.set_param.vm86_tss");
    expect(w.xen.domain(1).crashed).toBe(true);
  });

  it("set-once params, Xen's side effects unmodelled, PV targets, unknown ops", () => {
    const w = world("hvm64", "x86_64");
    w.set(w.dom0, 1, HVM_PARAM_VIRIDIAN, 1);
    expect(w.unmodelled()).toBe("hvm_op/set_param(9: Xen acts on it)");
    const pv = world("pv64", "x86_64");
    expectHvmCheck(pv, pv.set(pv.g, SELF, HVM_PARAM_CALLBACK_IRQ, 1), "hvm_op.set_param.not_hvm");
    expectHvmCheck(pv, pv.get(pv.g, SELF, HVM_PARAM_CALLBACK_IRQ), "hvm_op.get_param.not_hvm");
    const u = world("hvm64", "x86_64");
    expectHvmCheck(u, u.raw(u.g, 99, A), "hvm_op.entry.unknown_op");
    expect(u.raw(u.g, 12, A)).toBe(-38); // HVMOP_set_mem_access moved to dm_op
  });

  it("set_once: a second, different value is -EEXIST", () => {
    const w = world("hvm64", "x86_64");
    // VIRIDIAN's setting is not modelled (Xen acts on it); the check before it is.
    w.xen.domain(1).hvmParams[HVM_PARAM_VIRIDIAN] = 1n;
    expectHvmCheck(w, w.set(w.dom0, 1, HVM_PARAM_VIRIDIAN, 3), "hvm_op.set_param.set_once");
  });
});

describe("hvm_op set_param / get_param on x86, per release", () => {
  const PAE_ENABLED = 4;
  const MEMORY_EVENT_CR0 = 20;
  const NESTEDHVM = 24;

  it("4.12-4.13: DM_DOMAIN is -EPERM to set and -ENODATA to get; the rest are toolstack params", () => {
    for (const release of ["4.12", "4.13"]) {
      const w = world("hvm64", "x86_64", release);
      const { g, dom0 } = w;
      expectHvmCheck(
        w,
        w.set(dom0, 1, HVM_PARAM_DM_DOMAIN, SELF),
        "hvm_op.set_param.deprecated_eperm",
      );
      expectHvmCheck(
        w,
        w.set(g, SELF, HVM_PARAM_DM_DOMAIN, SELF),
        "hvm_op.set_param.deprecated_eperm",
      );
      expectHvmCheck(w, w.get(dom0, 1, HVM_PARAM_DM_DOMAIN), "hvm_op.get_param.deprecated_enodata");
      expect(w.set(dom0, 1, PAE_ENABLED, 1), release).toBe(0);
      expect(w.get(dom0, 1, PAE_ENABLED), release).toBe(0);
      expect(w.value(dom0), release).toBe(1n);
      expectHvmCheck(w, w.set(g, SELF, PAE_ENABLED, 1), "hvm_op.set_param.not_settable");
      expectHvmCheck(w, w.get(g, SELF, PAE_ENABLED), "hvm_op.get_param.not_readable");
      expectHvmCheck(w, w.set(dom0, 1, MEMORY_EVENT_CR0, 1), "hvm_op.set_param.memory_event");
      w.set(dom0, 1, NESTEDHVM, 1);
      expect(w.unmodelled(), release).toBe("hvm_op/set_param(24: Xen acts on it)");
    }
  });

  it("4.14 refuses the deprecated params with -EINVAL, NESTEDHVM only from 4.15", () => {
    const w14 = world("hvm64", "x86_64", "4.14");
    expectHvmCheck(w14, w14.set(w14.dom0, 1, PAE_ENABLED, 1), "hvm_op.set_param.deprecated");
    expectHvmCheck(w14, w14.get(w14.dom0, 1, HVM_PARAM_DM_DOMAIN), "hvm_op.get_param.deprecated");
    w14.set(w14.dom0, 1, NESTEDHVM, 1);
    expect(w14.unmodelled()).toBe("hvm_op/set_param(24: Xen acts on it)");
    expect(w14.get(w14.dom0, 1, NESTEDHVM)).toBe(0);
    const w15 = world("hvm64", "x86_64", "4.15");
    expectHvmCheck(w15, w15.set(w15.dom0, 1, NESTEDHVM, 1), "hvm_op.set_param.deprecated");
    expectHvmCheck(w15, w15.get(w15.dom0, 1, NESTEDHVM), "hvm_op.get_param.deprecated");
  });

  it("ALTP2M is set-once until 4.18 and read-only from 4.19", () => {
    const w18 = world("hvm64", "x86_64", "4.18");
    w18.set(w18.dom0, 1, HVM_PARAM_ALTP2M, 1);
    expect(w18.unmodelled()).toBe("hvm_op/set_param(35: Xen acts on it)");
    w18.xen.domain(1).hvmParams[HVM_PARAM_ALTP2M] = 1n;
    expectHvmCheck(w18, w18.set(w18.dom0, 1, HVM_PARAM_ALTP2M, 2), "hvm_op.set_param.set_once");
    const w19 = world("hvm64", "x86_64", "4.19");
    expectHvmCheck(w19, w19.set(w19.dom0, 1, HVM_PARAM_ALTP2M, 1), "hvm_op.set_param.read_only");
  });
});

describe("hvm_op set_param / get_param on Arm", () => {
  it("4.14+: guests read the toolstack's params, set none; other params are -EINVAL", () => {
    const w = world("aarch64", "arm64");
    expect(w.set(w.dom0, 1, HVM_PARAM_STORE_PFN, 0x40000)).toBe(0);
    expect(w.get(w.g, SELF, HVM_PARAM_STORE_PFN)).toBe(0);
    expect(w.value(w.g)).toBe(0x40000n);
    expectHvmCheck(
      w,
      w.set(w.g, SELF, HVM_PARAM_CALLBACK_IRQ, 1),
      "hvm_op.set_param.arm_toolstack_only",
    );
    expectHvmCheck(w, w.set(w.g, SELF, HVM_PARAM_TIMER_MODE, 1), "hvm_op.set_param.arm_not_param");
    expectHvmCheck(w, w.get(w.g, SELF, HVM_PARAM_TIMER_MODE), "hvm_op.get_param.arm_not_param");
    expectHvmCheck(
      w,
      w.get(w.g, SELF, HVM_PARAM_MONITOR_RING_PFN),
      "hvm_op.get_param.arm_toolstack_only",
    );
    // No range check first: index 1000 is just another param it does not know.
    expectHvmCheck(w, w.get(w.g, SELF, 1000), "hvm_op.get_param.arm_not_param");
    w.g.put(A, "xen_hvm_param_t", {});
    expect(w.g.call(HVM_OP, [5, A])).toBe(-38); // flush_tlbs: x86 only
  });

  it("4.13: only the range check; a guest may set its own params", () => {
    const w = world("aarch64", "arm64", "4.13");
    expect(w.set(w.g, SELF, HVM_PARAM_CALLBACK_IRQ, 1)).toBe(0);
    expectHvmCheck(w, w.get(w.g, SELF, 39), "hvm_op.get_param.index");
  });
});

describe("hvm_op set_param / get_param per XSM module (xsm_hvm_param)", () => {
  it("FLASK's shipped policy: itself and dom0 on a domU allowed, a domU on another -EACCES", () => {
    for (const [mode, arch] of [
      ["hvm64", "x86_64"],
      ["aarch64", "arm64"],
    ] as const) {
      for (const release of ["4.12", "4.17", "4.22"]) {
        const w = world(mode, arch, release, "flask");
        const what = `${mode} ${release}`;
        expectHvmCheck(w, w.set(w.g, 2, HVM_PARAM_CALLBACK_IRQ, 0), "hvm_op.set_param.flask");
        expectHvmCheck(w, w.get(w.g, 2, HVM_PARAM_STORE_PFN), "hvm_op.get_param.flask");
        expectHvmCheck(w, w.get(w.g, 0, HVM_PARAM_STORE_PFN), "hvm_op.get_param.flask");
        // dom0_t has setparam and getparam on domU_t (create_domain_common).
        expect(w.get(w.dom0, 1, HVM_PARAM_STORE_PFN), what).toBe(0);
        // Every type has getparam on its own self type (declare_domain_common).
        expect(w.get(w.g, SELF, HVM_PARAM_STORE_PFN), what).toBe(0);
        expect(w.get(w.g, 1, HVM_PARAM_STORE_PFN), what).toBe(0);
      }
    }
  });

  it("dummy and SILO (no hvm_param hook of its own): a domU on another domain -EPERM", () => {
    for (const xsm of ["dummy", "silo"] as const) {
      const w = world("hvm64", "x86_64", "4.22", xsm);
      expectHvmCheck(w, w.set(w.g, 2, HVM_PARAM_CALLBACK_IRQ, 0), "hvm_op.set_param.xsm");
      expectHvmCheck(w, w.get(w.g, 0, HVM_PARAM_STORE_PFN), "hvm_op.get_param.xsm");
      expect(w.get(w.dom0, 1, HVM_PARAM_STORE_PFN)).toBe(0);
    }
  });
});
