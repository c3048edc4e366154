import { describe, expect, it } from "vitest";
import { RELEASES, releaseProfile, type ReleaseRef } from "../machine/release.js";
import {
  armLegacyTableSize,
  availability,
  availabilityRow,
  dispatchTable,
  guestTypesOf,
  legacyTableSize,
} from "./dispatch-table.js";
import type { DispatchEntry, GuestType } from "./types.js";

const summary = (t: readonly (DispatchEntry | undefined)[]) =>
  Object.fromEntries(
    t.filter((e) => e !== undefined).map((e) => [e.name, `${e.prefix}/${e.nargs}`]),
  );

/** xen-facts.md section 3, per-ARM dispatch table (generated, 4.17+). */
const ARM_GENERATED = {
  sched_op_compat: "dep/2",
  platform_op: "do/1",
  memory_op: "do/2",
  multicall: "do/2",
  event_channel_op_compat: "dep/1",
  xen_version: "do/2",
  console_io: "do/3",
  physdev_op_compat: "dep/1",
  grant_table_op: "do/3",
  vm_assist: "do/2",
  vcpu_op: "do/3",
  xsm_op: "do/1",
  sched_op: "do/2",
  event_channel_op: "do/2",
  physdev_op: "do_arm/2",
  hvm_op: "do/2",
  sysctl: "do/1",
  domctl: "do/1",
  argo_op: "do/5",
  dm_op: "do/3",
  hypfs_op: "do/5",
};

/** RELEASE-4.16.0 xen/arch/arm/traps.c arm_hypercall_table. */
const ARM_4_16 = {
  ...ARM_GENERATED,
  vcpu_op: "do_arm/3",
  physdev_op: "do/2",
  sysctl: "do/2",
};

describe("Arm", () => {
  it.each(["4.17", "4.18", "4.19", "4.20", "4.21", "4.22"] as const)(
    "matches the generated hypercall_args_arm in %s",
    (r) => {
      expect(summary(dispatchTable(r, "arm64", "arm"))).toEqual(ARM_GENERATED);
    },
  );

  it("matches the old arm_hypercall_table in 4.12-4.16", () => {
    expect(summary(dispatchTable("4.16", "arm64", "arm"))).toEqual(ARM_4_16);
    expect(summary(dispatchTable("4.15", "arm32", "arm"))).toEqual(ARM_4_16);
    const arm414 = Object.fromEntries(
      Object.entries(ARM_4_16).filter(([n]) => n !== "hypfs_op" && n !== "dm_op"),
    );
    expect(summary(dispatchTable("4.14", "arm64", "arm"))).toEqual({ ...arm414, hypfs_op: "do/5" });
    expect(summary(dispatchTable("4.12", "arm64", "arm"))).toEqual(arm414);
  });

  it("gives arm32 and arm64 Xen the same table", () => {
    for (const r of RELEASES) {
      expect(dispatchTable(r, "arm32", "arm")).toEqual(dispatchTable(r, "arm64", "arm"));
    }
  });

  it("names Arm's handlers as Xen does", () => {
    const t = dispatchTable("4.22", "arm64", "arm");
    expect(t[6]?.handler).toBe("dep_sched_op_compat");
    expect(t[33]?.handler).toBe("do_arm_physdev_op");
    expect(t[33]?.prototype.rettype).toBe("int");
    expect(t[32]?.handler).toBe("do_event_channel_op");
    expect(dispatchTable("4.16", "arm64", "arm")[24]?.handler).toBe("do_arm_vcpu_op");
    expect(t[15]).toBeUndefined(); // set_timer_op is x86-only
  });

  it("reports the old table's size, which ended at argo_op (39) then hypfs_op (42)", () => {
    expect(armLegacyTableSize("4.12")).toBe(40);
    expect(armLegacyTableSize("4.13")).toBe(40);
    expect(armLegacyTableSize("4.14")).toBe(43);
    expect(armLegacyTableSize("4.16")).toBe(43);
    expect(armLegacyTableSize("4.17")).toBeUndefined();
    expect(legacyTableSize("4.16", "pv64")).toBe(50); // arch_1 (49) was last
    expect(legacyTableSize("4.12", "hvm32")).toBe(50);
    expect(legacyTableSize("4.22", "hvm64")).toBeUndefined();
  });
});

describe("x86", () => {
  it("names x86 handlers by prefix", () => {
    expect(dispatchTable("4.22", "x86_64", "pv32")[39]?.handler).toBe("compat_argo_op");
    expect(dispatchTable("4.22", "x86_64", "hvm64")[12]?.handler).toBe("hvm_memory_op");
    expect(dispatchTable("4.22", "x86_64", "pv64")[49]?.handler).toBe("do_paging_domctl_cont");
    expect(dispatchTable("4.22", "x86_64", "pv64")[31]).toBeUndefined();
    expect(dispatchTable("4.21", "x86_64", "pv64")[31]?.handler).toBe("do_xenoprof_op");
  });

  it("gives HVM guests no PV-only hypercalls", () => {
    const hvm = dispatchTable("4.22", "x86_64", "hvm64");
    for (const n of [0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 14, 16, 19, 22, 23, 25, 28, 30, 37, 48]) {
      expect(hvm[n], `number ${n}`).toBeUndefined();
    }
  });

  it("uses the compat prototype's count for 32-bit guests", () => {
    const pv32 = dispatchTable("4.22", "x86_64", "pv32");
    const pv64 = dispatchTable("4.22", "x86_64", "pv64");
    expect([pv64[4]?.nargs, pv32[4]?.nargs]).toEqual([3, 4]); // set_callbacks
    expect([pv64[22]?.nargs, pv32[22]?.nargs]).toEqual([4, 5]); // update_va_mapping_otherdomain
    expect(pv32[23]).toMatchObject({ handler: "compat_iret", nargs: 0 });
  });
});

describe("resolver", () => {
  it("returns dense frozen arrays of 64, cached per key", () => {
    const a = dispatchTable("4.19", "x86_64", "pv64");
    expect(a).toHaveLength(64);
    expect(Object.isFrozen(a)).toBe(true);
    expect(dispatchTable("4.19", "x86_64", "pv64")).toBe(a);
    expect(dispatchTable("4.19", "x86_64", "pv32")).not.toBe(a);
    expect(dispatchTable("4.18", "x86_64", "pv64")).not.toBe(a);
  });

  it("resolves every release, arch and guest type with a prototype for each entry", () => {
    for (const r of RELEASES) {
      for (const arch of ["arm64", "arm32", "x86_64"] as const) {
        for (const g of guestTypesOf(arch)) {
          for (const e of dispatchTable(r, arch, g)) {
            if (!e) continue;
            expect(e.handler).toBe(`${e.prefix}_${e.name}`);
            expect(e.nargs).toBeLessThanOrEqual(5);
            if (releaseProfile(r).generatedDispatch)
              expect(e.nargs).toBe(e.prototype.params.length);
          }
        }
      }
    }
  });

  it("refuses guest types the Xen architecture does not have", () => {
    expect(() => dispatchTable("4.22", "arm64", "pv64")).toThrow();
    expect(() => dispatchTable("4.22", "x86_64", "arm")).toThrow();
  });
});

describe("availability", () => {
  const diff = (g: GuestType, a: ReleaseRef, b: ReleaseRef) => {
    const x = availability(a, g);
    const y = availability(b, g);
    return Object.keys(x).filter((k) => x[k] !== y[k]);
  };

  it("gives argo_op's row for the JSON export", () => {
    expect(availabilityRow("4.22", "argo_op")).toEqual({
      pv32: "compat",
      pv64: "do",
      hvm32: "compat",
      hvm64: "do",
      arm: "do",
    });
    expect(availabilityRow("4.22", "arch_0")?.pv64).toBe("do");
    expect(availabilityRow("4.22", "nope")).toBeUndefined();
  });

  it("lists every hypercall, null where there is no handler", () => {
    const arm = availability("4.22", "arm");
    expect(Object.keys(arm)).toHaveLength(50);
    expect(arm.set_trap_table).toBeNull();
    expect(arm.physdev_op).toBe("do_arm");
  });

  it("shows what changed between 4.12 and 4.22", () => {
    expect(diff("pv64", "4.12", "4.22")).toEqual(["xenoprof_op", "tmem_op", "hypfs_op"]);
    expect(diff("pv32", "4.12", "4.22")).toEqual([
      "xen_version",
      "vm_assist",
      "xenoprof_op",
      "tmem_op",
      "hypfs_op",
    ]);
    expect(diff("hvm64", "4.12", "4.22")).toEqual([
      "multicall",
      "vm_assist",
      "tmem_op",
      "hypfs_op",
    ]);
    expect(diff("hvm32", "4.12", "4.22")).toEqual([
      "multicall",
      "xen_version",
      "vm_assist",
      "xsm_op",
      "tmem_op",
      "hypfs_op",
    ]);
    expect(diff("arm", "4.12", "4.22")).toEqual(["vcpu_op", "physdev_op", "dm_op", "hypfs_op"]);
    expect(availability("4.12", "arm").vcpu_op).toBe("do_arm");
    expect(availability("4.22", "arm").vcpu_op).toBe("do");
  });
});
