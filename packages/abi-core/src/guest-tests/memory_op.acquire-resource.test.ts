/**
 * XENMEM_acquire_resource up to its privilege check (xen/common/memory.c acquire_resource),
 * in the release's shape: 4.12-4.14 answer the size query before any domain or privilege
 * check; from 4.15 arch_acquire_resource_check comes first and the frame range must fit 32 bits.
 */
import { describe, expect, it } from "vitest";
import { Xen } from "../xen.js";
import type { GuestMode, XenArch } from "../abi/modes.js";
import type { ReleaseRef } from "../machine/release.js";
import { expectCheck } from "./machine.testing.js";
import { TestGuest } from "./test-guest.testing.js";

const MEMORY_OP = 12;
const ACQUIRE = 28;
const A = 0x2000;
const LIST = 0x3000;
const HOLE = 0;

function world(mode: GuestMode = "aarch64", arch: XenArch = "arm64", release?: ReleaseRef) {
  const xen = new Xen({ arch, trace: true, ...(release !== undefined && { release }) });
  for (const id of [0, 1, 2]) xen.createDomain({ id, mode, memory: 1 << 20 });
  const g = new TestGuest(xen, 1);
  const acquire = (fields: Record<string, number | bigint>, guest = g) => {
    guest.put(A, "xen_mem_acquire_resource_t", {
      domid: 2,
      type: 1,
      id: 0,
      nr_frames: 1,
      frame: 0,
      frame_list: LIST,
      ...fields,
    });
    return guest.exec(MEMORY_OP, [ACQUIRE, A]);
  };
  return { xen, g, acquire, dom0: new TestGuest(xen, 0) };
}

describe("XENMEM_acquire_resource from 4.15", () => {
  it("copy_in, pad, the frame range, the domain (no DOMID_SELF, not the caller), XSM_DM_PRIV", () => {
    const { xen, g, acquire, dom0 } = world();
    expectCheck(xen, g.exec(MEMORY_OP, [ACQUIRE, HOLE]), "memory_op.acquire_resource.copy_in");
    expectCheck(xen, acquire({ pad: 1 }), "memory_op.acquire_resource.pad");
    expectCheck(xen, acquire({ frame: 1n << 32n }), "memory_op.acquire_resource.frame_range");
    expectCheck(
      xen,
      acquire({ frame: 0xffffffffn, nr_frames: 1 }),
      "memory_op.acquire_resource.frame_range",
    );
    expectCheck(xen, acquire({ domid: 0x7ff0 }), "memory_op.acquire_resource.domid");
    expectCheck(xen, acquire({ domid: 9 }), "memory_op.acquire_resource.domid");
    expectCheck(xen, acquire({ domid: 1 }), "memory_op.acquire_resource.self");
    expectCheck(xen, acquire({}), "memory_op.acquire_resource.xsm");
    // The size query too waits for the privilege check now.
    expectCheck(xen, acquire({ nr_frames: 0, frame_list: 0 }), "memory_op.acquire_resource.xsm");
    expect(acquire({}, dom0).unmodelled).toMatch(/mapping a domain's resource/);
  });

  it("x86: a translated caller other than the hardware domain is -EACCES first, until 4.18", () => {
    const old = world("hvm64", "x86_64", "4.18");
    expectCheck(
      old.xen,
      old.g.exec(MEMORY_OP, [ACQUIRE, HOLE]),
      "memory_op.acquire_resource.arch_check",
    );
    const pv = world("pv64", "x86_64", "4.18");
    expectCheck(
      pv.xen,
      pv.g.exec(MEMORY_OP, [ACQUIRE, HOLE]),
      "memory_op.acquire_resource.copy_in",
    );
    // 4.19: only an HVM caller with altp2m (or nested virtualisation).
    const now = world("hvm64", "x86_64", "4.19");
    expectCheck(
      now.xen,
      now.g.exec(MEMORY_OP, [ACQUIRE, HOLE]),
      "memory_op.acquire_resource.copy_in",
    );
    now.g.domain.hvmParams[35] = 1n;
    expectCheck(
      now.xen,
      now.g.exec(MEMORY_OP, [ACQUIRE, HOLE]),
      "memory_op.acquire_resource.arch_check",
    );
  });

  it("a 32-bit x86 guest: the compat copy, then not modelled", () => {
    const { xen, g } = world("hvm32", "x86_64", "4.18");
    expectCheck(xen, g.exec(MEMORY_OP, [ACQUIRE, HOLE]), "memory_op.acquire_resource.copy_in");
    g.put(A, "xen_mem_acquire_resource_t", { domid: 2, nr_frames: 1, frame_list: LIST });
    expect(g.exec(MEMORY_OP, [ACQUIRE, A]).unmodelled).toMatch(/compat/);
  });
});

describe("XENMEM_acquire_resource in 4.12-4.14", () => {
  it("the size query answers 32 before any domain or privilege check", () => {
    const { xen, g, acquire } = world("aarch64", "arm64", "4.14");
    acquire({ domid: 9, nr_frames: 0, frame_list: 0 });
    expect(xen.result(1, 0)).toBe(0n);
    expect(g.get(A, "xen_mem_acquire_resource_t").nr_frames).toBe(32n);
    expectCheck(
      xen,
      acquire({ domid: 9, nr_frames: 1, frame_list: 0 }),
      "memory_op.acquire_resource.size_query_nr_frames",
    );
    expectCheck(
      xen,
      acquire({ domid: 9, nr_frames: 33 }),
      "memory_op.acquire_resource.nr_frames_max",
    );
    // No frame range check yet: the domain is looked up.
    expectCheck(xen, acquire({ domid: 9, frame: 1n << 32n }), "memory_op.acquire_resource.domid");
    expectCheck(xen, acquire({}), "memory_op.acquire_resource.xsm");
  });

  it("4.12.4, 4.13.2, 4.14.1: a translated caller other than the hardware domain first, Arm's too", () => {
    for (const release of ["4.12.4", "4.13.2", "4.14.1"] as const) {
      const arm = world("aarch64", "arm64", release);
      expectCheck(
        arm.xen,
        arm.g.exec(MEMORY_OP, [ACQUIRE, HOLE]),
        "memory_op.acquire_resource.translated_caller",
      );
      const pv = world("pv64", "x86_64", release);
      expectCheck(
        pv.xen,
        pv.g.exec(MEMORY_OP, [ACQUIRE, HOLE]),
        "memory_op.acquire_resource.copy_in",
      );
      // The hardware domain passes.
      expectCheck(
        arm.xen,
        arm.dom0.exec(MEMORY_OP, [ACQUIRE, HOLE]),
        "memory_op.acquire_resource.copy_in",
        {
          dom: 0,
        },
      );
    }
  });

  it("no arch check: a translated x86 caller reaches the struct", () => {
    const { xen, g } = world("hvm64", "x86_64", "4.14");
    expectCheck(xen, g.exec(MEMORY_OP, [ACQUIRE, HOLE]), "memory_op.acquire_resource.copy_in");
  });
});
