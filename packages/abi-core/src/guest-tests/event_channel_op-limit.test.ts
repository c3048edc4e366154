/**
 * The 2-level port limit per release (XSA-342, release difference evtchn2lLimitPerShinfo):
 * max_evtchns(d) follows has_32bit_shinfo from 4.12.4, 4.13.2, 4.14.1 and 4.15.0
 * (xen/include/xen/event.h: max_evtchns); before, d->max_evtchns was fixed at 4096 when the
 * domain was created (xen/common/event_2l.c: evtchn_2l_init), so a 32-bit x86 guest could
 * allocate ports 1024-4095, whose bits evtchn_2l_set_pending then sets past the compat bitmaps.
 * A 32-bit PV dom0 shows it: a domU's max_evtchn_port (1023) hides the limit.
 */
import { describe, expect, it } from "vitest";
import { Xen } from "../xen.js";
import type { GuestMode } from "../abi/modes.js";
import type { ReleaseRef } from "../machine/release.js";
import { fieldOf } from "../abi/layout.js";
import { layoutOf } from "../table/structs.js";
import { expectCheck } from "./machine.testing.js";
import { TestGuest } from "./test-guest.testing.js";
import {
  EVTCHNOP_bind_ipi,
  EVTCHNOP_send,
  HYPERVISOR_event_channel_op as EVTCHN,
} from "../hypercalls/event_channel_op/constants.js";

const A = 0x2000;

function dom0(mode: GuestMode, release: ReleaseRef) {
  const xen = new Xen({ arch: "x86_64", trace: true, release });
  xen.createDomain({ id: 0, mode });
  const g = new TestGuest(xen, 0);
  const bindIpi = () => {
    g.put(A, "evtchn_bind_ipi_t", { vcpu: 0 });
    return g.exec(EVTCHN, [EVTCHNOP_bind_ipi, A]);
  };
  /** Bind IPI ports until one fails; the last port bound. */
  const fill = (): number => {
    for (let last = 0; ; last = Number(g.get(A, "evtchn_bind_ipi_t").port)) {
      bindIpi();
      if (xen.result(0, 0) !== 0n) return last;
    }
  };
  return { xen, g, bindIpi, fill, d: xen.domain(0) };
}

describe("2-level port limit before and after XSA-342", () => {
  it("a 32-bit PV guest gets ports up to 4095 before 4.12.4, 4.13.2 and 4.14.1, up to 1023 after", () => {
    for (const [release, last] of [
      ["4.12.3", 4095],
      ["4.13.1", 4095],
      ["4.14.0", 4095],
      ["4.12.4", 1023],
      ["4.13.2", 1023],
      ["4.14.1", 1023],
      ["4.15", 1023],
    ] as const) {
      const w = dom0("pv32", release);
      expect(w.fill(), release).toBe(last);
      expectCheck(w.xen, w.bindIpi(), "event_channel_op.bind_ipi.no_free_port", { dom: 0 });
    }
  });

  it("a 64-bit guest's limit is 4096 in every release", () => {
    for (const release of ["4.14.0", "4.22"] as const)
      expect(dom0("pv64", release).fill(), release).toBe(4095);
  });

  it("4.14.0: sending on port 1030 of a 32-bit guest sets port 6's mask bit and a bit of cr2", () => {
    const w = dom0("pv32", "4.14.0");
    while (Number(w.g.get(A, "evtchn_bind_ipi_t").port) < 1030) w.bindIpi();
    const si = layoutOf("shared_info_t", "pv32");
    const pending = fieldOf(si, "evtchn_pending")!.offset;
    const mask = fieldOf(si, "evtchn_mask")!.offset;
    const vi = fieldOf(si, "vcpu_info")!.offset;
    const sel = fieldOf(layoutOf("vcpu_info_t", "pv32"), "evtchn_pending_sel")!.offset;
    const cr2 = vi + fieldOf(layoutOf("vcpu_info_t", "pv32"), "arch")!.offset;
    expect(mask - pending).toBe(128); // the compat bitmap: 1024 bits, the mask right after
    const before = w.d.sharedInfo.slice();
    w.g.put(A + 0x100, "evtchn_send_t", { port: 1030 });
    expect(w.g.call(EVTCHN, [EVTCHNOP_send, A + 0x100])).toBe(0);
    // Bit 1030 of evtchn_pending is bit 6 of evtchn_mask: port 6 is now masked.
    expect(w.d.sharedInfo[mask]! & 0x40).toBe(0x40);
    // Its "mask" bit (past the mask bitmap) was clear, so selector bit 1030 / 32 = 32 is set:
    // the first byte after the 32-bit evtchn_pending_sel, arch.cr2's low byte.
    expect(sel + 4).toBe(cr2 - vi);
    expect(w.d.sharedInfo[cr2]! & 1).toBe(1);
    expect(w.d.sharedInfo[vi]).toBe(1); // evtchn_upcall_pending
    const changed = [...w.d.sharedInfo.keys()].filter((i) => w.d.sharedInfo[i] !== before[i]);
    expect(changed).toEqual([vi, cr2, mask].sort((a, b) => a - b));
  });
});
