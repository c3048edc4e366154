import { describe, expect, it } from "vitest";
import { GUEST_TYPES } from "../abi/modes.js";
import { RELEASES, compareReleases, isReleaseRef } from "../machine/release.js";
import {
  HYPERCALLS,
  cellAt,
  hypercallByName,
  hypercallByNumber,
  nargsAt,
  parseParams,
  parseRow,
  prototypeAt,
} from "./hypercalls.js";
import type { HypercallRecord } from "./hypercalls.js";

/** public/xen.h `__HYPERVISOR_*` numbers (xen-facts.md section 3). */
const XEN_H: Record<number, string> = {
  0: "set_trap_table",
  1: "mmu_update",
  2: "set_gdt",
  3: "stack_switch",
  4: "set_callbacks",
  5: "fpu_taskswitch",
  6: "sched_op_compat",
  7: "platform_op",
  8: "set_debugreg",
  9: "get_debugreg",
  10: "update_descriptor",
  12: "memory_op",
  13: "multicall",
  14: "update_va_mapping",
  15: "set_timer_op",
  16: "event_channel_op_compat",
  17: "xen_version",
  18: "console_io",
  19: "physdev_op_compat",
  20: "grant_table_op",
  21: "vm_assist",
  22: "update_va_mapping_otherdomain",
  23: "iret",
  24: "vcpu_op",
  25: "set_segment_base",
  26: "mmuext_op",
  27: "xsm_op",
  28: "nmi_op",
  29: "sched_op",
  30: "callback_op",
  31: "xenoprof_op",
  32: "event_channel_op",
  33: "physdev_op",
  34: "hvm_op",
  35: "sysctl",
  36: "domctl",
  37: "kexec_op",
  38: "tmem_op",
  39: "argo_op",
  40: "xenpmu_op",
  41: "dm_op",
  42: "hypfs_op",
  48: "arch_0",
  49: "arch_1",
  50: "arch_2",
  51: "arch_3",
  52: "arch_4",
  53: "arch_5",
  54: "arch_6",
  55: "arch_7",
};

const get = (name: string): HypercallRecord => {
  const h = hypercallByName(name);
  if (!h) throw new Error(`no ${name}`);
  return h;
};

describe("numbers", () => {
  it("accounts for every xen.h number 0..55 and leaves 11 and 43-47 out", () => {
    for (let n = 0; n < 64; n++) {
      const h = hypercallByNumber(n);
      const name = XEN_H[n];
      if (name === undefined) {
        expect(h, `number ${n}`).toBeUndefined();
      } else {
        expect(h, `number ${n}`).toBeDefined();
        expect([h?.name, ...(h?.aliases ?? [])]).toContain(name);
      }
    }
    expect(HYPERCALLS).toHaveLength(Object.keys(XEN_H).length);
  });

  it("is sorted by number and finds records by name and alias", () => {
    const nums = HYPERCALLS.map((h) => h.number);
    expect(nums).toEqual([...nums].sort((a, b) => a - b));
    expect(hypercallByName("arch_0")?.name).toBe("mca");
    expect(hypercallByName("arch_1")?.name).toBe("paging_domctl_cont");
    expect(hypercallByName("argo_op")?.number).toBe(39);
    expect(hypercallByName("nope")).toBeUndefined();
    expect(hypercallByNumber(64)).toBeUndefined();
    expect(hypercallByNumber(-1)).toBeUndefined();
    expect(hypercallByNumber(1.5)).toBeUndefined();
  });

  it("keeps each record's rows and prototype sets in release order", () => {
    for (const h of HYPERCALLS) {
      for (const list of [h.source.rows, h.source.prototypes]) {
        const order = list.map((x) => x.from);
        expect(order.every((r) => isReleaseRef(r))).toBe(true);
        expect(order).toEqual([...order].sort(compareReleases));
      }
    }
  });
});

describe("status and lifetime", () => {
  it("marks the deprecated, retired, internal and reserved numbers", () => {
    const by = (s: string) => HYPERCALLS.filter((h) => h.status === s).map((h) => h.name);
    expect(by("deprecated")).toEqual([
      "sched_op_compat",
      "event_channel_op_compat",
      "physdev_op_compat",
    ]);
    expect(by("retired")).toEqual(["xenoprof_op", "tmem_op"]);
    expect(by("internal")).toEqual(["paging_domctl_cont"]);
    expect(by("reserved")).toEqual(["arch_2", "arch_3", "arch_4", "arch_5", "arch_6", "arch_7"]);
  });

  it("derives first and last releases from the rows", () => {
    expect([get("xenoprof_op").firstRelease, get("xenoprof_op").lastRelease]).toEqual([
      "4.12.0",
      "4.21.2",
    ]);
    expect(get("xenoprof_op").config).toBe("CONFIG_XENOPROF");
    expect([get("tmem_op").firstRelease, get("tmem_op").lastRelease]).toEqual(["4.12.0", "4.12.4"]);
    expect(get("hypfs_op").firstRelease).toBe("4.14.0");
    expect(get("argo_op").lastRelease).toBe("4.22.0");
    expect(get("arch_5").firstRelease).toBeUndefined();
  });

  it("knows which families dispatch each hypercall", () => {
    expect(get("iret").families).toEqual(["x86"]);
    expect(get("set_timer_op").families).toEqual(["x86"]);
    expect(get("argo_op").families).toEqual(["x86", "arm"]);
    expect(get("arch_7").families).toEqual([]);
  });

  it("records the guards as of 4.22", () => {
    expect(get("argo_op").config).toBe("CONFIG_ARGO");
    expect(get("sysctl").config).toBe("CONFIG_SYSCTL");
    expect(get("dm_op").config).toBe("CONFIG_IOREQ_SERVER");
    expect(get("hypfs_op").config).toBe("CONFIG_HYPFS");
    expect(get("grant_table_op").config).toBe("CONFIG_GRANT_TABLE");
    expect(get("hvm_op").config).toBe("CONFIG_HVM");
    expect(get("kexec_op").config).toBe("CONFIG_KEXEC");
    expect(get("console_io").config).toBeUndefined();
  });
});

describe("argo_op", () => {
  const argo = get("argo_op");
  it.each(RELEASES)("dispatches compat/do/compat/do/do with 5 arguments in %s", (r) => {
    const row = Object.fromEntries(GUEST_TYPES.map((g) => [g, cellAt(argo, r, g)?.prefix]));
    expect(row).toEqual({ pv32: "compat", pv64: "do", hvm32: "compat", hvm64: "do", arm: "do" });
    for (const g of GUEST_TYPES) expect(nargsAt(argo, r, g)).toBe(5);
  });

  it("has hypercall-defs.c's prototype and return types", () => {
    const params = [
      { name: "cmd", type: "unsigned int" },
      { name: "arg1", type: "void *" },
      { name: "arg2", type: "void *" },
      { name: "arg3", type: "unsigned long" },
      { name: "arg4", type: "unsigned long" },
    ];
    expect(prototypeAt(argo, "4.22", "do")).toEqual({ rettype: "long", params });
    expect(prototypeAt(argo, "4.17", "compat")).toEqual({ rettype: "int", params });
    expect(prototypeAt(argo, "4.22", "hvm")).toBeUndefined();
  });
});

describe("x86 rows", () => {
  it("splits set_timer_op's deadline into two halves for 32-bit guests", () => {
    const t = get("set_timer_op");
    for (const r of RELEASES) {
      expect(nargsAt(t, r, "pv64")).toBe(1);
      expect(nargsAt(t, r, "hvm64")).toBe(1);
      expect(nargsAt(t, r, "pv32")).toBe(2);
      expect(nargsAt(t, r, "hvm32")).toBe(2);
      expect(cellAt(t, r, "arm")).toBeUndefined();
    }
    expect(prototypeAt(t, "4.18", "compat")?.params.map((p) => p.type)).toEqual([
      "uint32_t",
      "int32_t",
    ]);
    expect(prototypeAt(t, "4.19", "compat")?.params.map((p) => p.type)).toEqual([
      "uint32_t",
      "uint32_t",
    ]);
    expect(prototypeAt(t, "4.22", "do")?.params).toEqual([{ name: "timeout", type: "s_time_t" }]);
  });

  it("gives mmu_update priority 1 from 4.17 and none before", () => {
    const m = get("mmu_update");
    expect(cellAt(m, "4.16", "pv64")).toEqual({ prefix: "do" });
    for (const r of ["4.17", "4.22"] as const) {
      expect(cellAt(m, r, "pv64")).toEqual({ prefix: "do", priority: 1 });
      expect(cellAt(m, r, "pv32")).toEqual({ prefix: "do", priority: 1 });
      expect(cellAt(m, r, "hvm64")).toBeUndefined();
    }
    expect(cellAt(get("multicall"), "4.22", "pv32")).toEqual({ prefix: "compat", priority: 2 });
  });

  it("uses the old compat count 0 for set_segment_base before 4.17", () => {
    const s = get("set_segment_base");
    expect(nargsAt(s, "4.16", "pv32")).toBe(0);
    expect(nargsAt(s, "4.17", "pv32")).toBe(2);
    expect(cellAt(s, "4.16", "pv32")?.prefix).toBe("do");
  });

  it("moves xen_version to do_xen_version for 32-bit guests in 4.18", () => {
    const x = get("xen_version");
    expect(cellAt(x, "4.17", "pv32")?.prefix).toBe("compat");
    expect(cellAt(x, "4.18", "pv32")?.prefix).toBe("do");
    expect(cellAt(x, "4.18", "hvm32")?.prefix).toBe("do");
  });

  it("changes multicall's nr_calls to unsigned long in 4.20", () => {
    const m = get("multicall");
    expect(prototypeAt(m, "4.19", "do")?.params[1]?.type).toBe("unsigned int");
    expect(prototypeAt(m, "4.19", "compat")?.params[1]?.type).toBe("uint32_t");
    expect(prototypeAt(m, "4.20", "do")?.params[1]?.type).toBe("unsigned long");
    expect(prototypeAt(m, "4.20", "compat")?.params[1]?.type).toBe("unsigned long");
  });
});

describe("parsers", () => {
  it("keeps hypercall-defs.c spellings of parameters", () => {
    expect(parseParams("")).toEqual([]);
    expect(parseParams("const char *arg1,  unsigned long arg2")).toEqual([
      { name: "arg1", type: "const char *" },
      { name: "arg2", type: "unsigned long" },
    ]);
    expect(parseParams("uint *pdone")).toEqual([{ name: "pdone", type: "uint *" }]);
    expect(() => parseParams("arg")).toThrow();
  });

  it("reads a table row with priorities and dashes", () => {
    expect(parseRow("compat:2 do:2 compat do -")).toEqual({
      pv32: { prefix: "compat", priority: 2 },
      pv64: { prefix: "do", priority: 2 },
      hvm32: { prefix: "compat" },
      hvm64: { prefix: "do" },
      arm: undefined,
    });
    expect(() => parseRow("do do do do")).toThrow();
    expect(() => parseRow("do do do do bogus")).toThrow();
  });
});
