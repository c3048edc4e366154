import { describe, expect, it } from "vitest";
import { Xen } from "../xen.js";
import { TestGuest } from "./test-guest.testing.js";
import { WIDE_CLOCK } from "./machine.testing.js";
import { decodeStruct } from "../machine/structio.js";
import { getU32 } from "../machine/memory.js";
import { layoutOf } from "../table/structs.js";
import { fieldOf } from "../abi/layout.js";
import type { GuestMode } from "../abi/modes.js";
import {
  HVM_PARAM_CALLBACK_IRQ,
  HVM_PARAM_CALLBACK_TYPE_VECTOR,
} from "../hypercalls/hvm_op/params.js";

const HVM_OP = 34;
const EVENT_CHANNEL_OP = 32;
const SELF = 0x7ff0;
const A = 0x2000;
/** HVM_PARAM_CALLBACK_TYPE_VECTOR << 56 | vector 0xf3, as Linux's xen_set_upcall_vector. */
const VIA = (BigInt(HVM_PARAM_CALLBACK_TYPE_VECTOR) << 56n) | 0xf3n;

function world(mode: GuestMode) {
  const xen = new Xen({ arch: "x86_64", clock: WIDE_CLOCK });
  xen.createDomain({ id: 0, mode: "pv64" });
  xen.createDomain({ id: 1, mode });
  const g = new TestGuest(xen, 1);
  const dom0 = new TestGuest(xen, 0);
  const setCallback = (by: TestGuest, domid: number) => {
    by.put(A, "xen_hvm_param_t", { domid, index: HVM_PARAM_CALLBACK_IRQ, value: VIA });
    return by.call(HVM_OP, [0, A]);
  };
  return { xen, d: xen.domain(1), g, dom0, setCallback };
}

/** shared_info decoded in the layout of `mode` (native hvm64, compat hvm32). */
function sharedInfo(xen: Xen, mode: GuestMode) {
  return decodeStruct(layoutOf("shared_info_t", mode), xen.domain(1).sharedInfo);
}

/** Port 2 pending on vCPU 0: alloc_unbound to itself (port 1), bind_interdomain to it. */
function pendPort2(g: TestGuest): void {
  g.put(A, "evtchn_alloc_unbound_t", { dom: SELF, remote_dom: SELF });
  expect(g.call(EVENT_CHANNEL_OP, [6, A])).toBe(0);
  g.put(A, "evtchn_bind_interdomain_t", { remote_dom: SELF, remote_port: 1 });
  expect(g.call(EVENT_CHANNEL_OP, [0, A])).toBe(0);
  expect(g.get(A, "evtchn_bind_interdomain_t").local_port).toBe(2n);
}

describe("HVM_PARAM_CALLBACK_IRQ: hvm_latch_shinfo_size", () => {
  it("hvm64: the guest's own set writes the wall clock, version 2, then 4", () => {
    const w = world("hvm64");
    expect(sharedInfo(w.xen, "hvm64").wc_version).toBe(0n);
    expect(w.setCallback(w.g, SELF)).toBe(0);
    expect(sharedInfo(w.xen, "hvm64")).toMatchObject({
      wc_version: 2n,
      wc_sec: 0x2345_6789n,
      wc_nsec: 987_654_321n,
      wc_sec_hi: 1n,
    });
    expect(w.d.has32bitShinfo).toBe(false);
    expect(w.setCallback(w.g, SELF)).toBe(0);
    expect(sharedInfo(w.xen, "hvm64").wc_version).toBe(4n);
    expect(w.d.hvmParams[HVM_PARAM_CALLBACK_IRQ]).toBe(VIA);
  });

  it("the toolstack's set on the domain stores the via but neither latches nor writes", () => {
    for (const mode of ["hvm64", "hvm32"] as const) {
      const w = world(mode);
      expect(w.setCallback(w.dom0, 1), mode).toBe(0);
      expect(w.d.hvmParams[HVM_PARAM_CALLBACK_IRQ], mode).toBe(VIA);
      expect(w.d.has32bitShinfo, mode).toBe(false);
      expect(sharedInfo(w.xen, "hvm64").wc_version, mode).toBe(0n);
    }
  });

  it("hvm32: the native layout until the guest latches, then the compat one (wc_sec_hi in arch)", () => {
    const w = world("hvm32");
    expect(w.d.has32bitShinfo).toBe(false);
    expect(w.d.evtchn!.maxEvtchns).toBe(4096);
    expect(w.setCallback(w.g, SELF)).toBe(0);
    expect(w.d.has32bitShinfo).toBe(true);
    expect(w.d.evtchn!.maxEvtchns).toBe(1024);
    const si = sharedInfo(w.xen, "hvm32");
    expect(si).toMatchObject({ wc_version: 2n, wc_sec: 0x2345_6789n, wc_nsec: 987_654_321n });
    expect((si.arch as Record<string, unknown>).wc_sec_hi).toBe(1n);
    // The native layout's wc_sec_hi stays untouched.
    const nativeHi = fieldOf(layoutOf("shared_info_t", "hvm64"), "wc_sec_hi")!.offset;
    expect(getU32(w.d.sharedInfo, nativeHi)).toBe(0);
  });

  it("hvm32: events before the latch use 64-bit selector words, after it 32-bit ones", () => {
    // vcpu_info[0] is at offset 0 of shared_info in both layouts; evtchn_pending_sel is the
    // xen_ulong_t at offset 8 natively, the compat_ulong_t at offset 4 in the compat layout.
    const native = fieldOf(layoutOf("vcpu_info_t", "hvm64"), "evtchn_pending_sel")!.offset;
    const compat = fieldOf(layoutOf("vcpu_info_t", "hvm32"), "evtchn_pending_sel")!.offset;
    expect([native, compat]).toEqual([8, 4]);
    const before = world("hvm32");
    pendPort2(before.g);
    expect(before.d.sharedInfo[native]).toBe(1);
    expect(before.d.sharedInfo[compat]).toBe(0);
    const after = world("hvm32");
    expect(after.setCallback(after.g, SELF)).toBe(0);
    pendPort2(after.g);
    expect(after.d.sharedInfo[compat]).toBe(1);
    expect(after.d.sharedInfo[native]).toBe(0);
  });

  it("hvm32: registering a runstate memory area writes the compat record, latched or not", () => {
    // compat_vcpu_op copies the XLAT'd compat record at registration; only the later
    // update_runstate_area writes (context switches) follow has_32bit_shinfo.
    const AREA = 0x3000;
    for (const latched of [false, true]) {
      const w = world("hvm32");
      if (latched) expect(w.setCallback(w.g, SELF)).toBe(0);
      w.d.memory.write(AREA, new Uint8Array(48).fill(0xff));
      const arg = new Uint8Array(8);
      new DataView(arg.buffer).setUint32(0, AREA, true);
      w.d.memory.write(A, arg);
      expect(w.g.call(24, [5, 0, A])).toBe(0); // VCPUOP_register_runstate_memory_area
      const rec = w.d.memory.readBytes(AREA, 48)!;
      // state 0 (running) and zero times; the compat record is 44 bytes, the native one 48.
      expect(
        rec.subarray(0, 44).every((b) => b === 0),
        String(latched),
      ).toBe(true);
      expect(rec[44], String(latched)).toBe(0xff);
    }
  });
});
