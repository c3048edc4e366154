import { describe, expect, it } from "vitest";
import { Xen } from "../xen.js";
import { TestGuest } from "./test-guest.testing.js";
import { decodeStruct } from "../machine/structio.js";
import { layoutOf } from "../table/structs.js";
import { fieldOf } from "../abi/layout.js";
import { setTimeScale, versionUpdateBegin, versionUpdateEnd } from "../machine/clock.js";
import type { GuestMode } from "../abi/modes.js";
import { expectCheck, WIDE_CLOCK } from "./machine.testing.js";

const A = 0x2000;

/** vcpu_info[id].time in shared_info, decoded for the domain's mode. */
function legacyTime(xen: Xen, domid: number, id: number) {
  const d = xen.domain(domid);
  const si = layoutOf("shared_info_t", d.mode);
  const vi = fieldOf(si, "vcpu_info")!;
  const t = fieldOf(layoutOf("vcpu_info_t", d.mode), "time")!;
  const at = vi.offset + id * vi.elemSize + t.offset;
  return decodeStruct(t.struct!, d.sharedInfo.subarray(at, at + t.size));
}

function wallclock(xen: Xen, domid: number) {
  const d = xen.domain(domid);
  return decodeStruct(layoutOf("shared_info_t", d.mode), d.sharedInfo);
}

describe("the model clock", () => {
  it("set_time_scale: 1 GHz is mul 2^31 shift 1, 2.5 GHz halves once, 100 MHz doubles four times", () => {
    expect(setTimeScale(1_000_000_000n)).toEqual({ mulFrac: 0x8000_0000, shift: 1 });
    expect(setTimeScale(2_500_000_000n)).toEqual({ mulFrac: 3_435_973_836, shift: -1 });
    expect(setTimeScale(100_000_000n)).toEqual({ mulFrac: 0xa000_0000, shift: 4 });
  });

  it("version_update_begin/end: odd while writing, even after, wrapping at 32 bits", () => {
    expect(versionUpdateBegin(0)).toBe(1);
    expect(versionUpdateEnd(1)).toBe(2);
    expect(versionUpdateBegin(2)).toBe(3);
    expect(versionUpdateBegin(3)).toBe(5);
    expect(versionUpdateEnd(0xffffffff)).toBe(0);
  });
});

describe("vcpu_time_info and the wall clock", () => {
  it.each<[GuestMode]>([["pv64"], ["pv32"], ["hvm64"], ["hvm32"]])(
    "x86 %s: vCPU 0's first schedule writes its vcpu_info.time, version 2",
    (mode) => {
      const xen = new Xen({ arch: "x86_64", clock: WIDE_CLOCK });
      xen.createDomain({ id: 1, mode, vcpus: 2 });
      expect(legacyTime(xen, 1, 0)).toEqual({
        version: 2n,
        pad0: 0n,
        tsc_timestamp: WIDE_CLOCK.tsc,
        system_time: WIDE_CLOCK.stime,
        tsc_to_system_mul: 3_435_973_836n,
        tsc_shift: -1n,
        flags: 1n,
        pad1: new Uint8Array(2),
      });
      // vCPU 1 is down: never scheduled, nothing written.
      expect(legacyTime(xen, 1, 1).version).toBe(0n);
    },
  );

  it("x86 PV: the builder's vCPU 0 context writes the wall clock (wc_sec_hi where the layout has it)", () => {
    for (const mode of ["pv64", "pv32"] as const) {
      const xen = new Xen({ arch: "x86_64", clock: WIDE_CLOCK });
      xen.createDomain({ id: 1, mode });
      const s = wallclock(xen, 1);
      expect(s.wc_version, mode).toBe(2n);
      expect(s.wc_sec, mode).toBe(0x2345_6789n);
      expect(s.wc_nsec, mode).toBe(987_654_321n);
      const hi = mode === "pv64" ? s.wc_sec_hi : (s.arch as Record<string, unknown>).wc_sec_hi;
      expect(hi, mode).toBe(1n);
    }
  });

  it("x86 HVM: no arch_set_info_guest wall clock; Arm: arch_domain_create's, and no vcpu_time_info", () => {
    const x86 = new Xen({ arch: "x86_64", clock: WIDE_CLOCK });
    x86.createDomain({ id: 1, mode: "hvm64" });
    expect(wallclock(x86, 1).wc_version).toBe(0n);
    const arm = new Xen({ arch: "arm64", clock: WIDE_CLOCK });
    arm.createDomain({ id: 1, mode: "aarch64" });
    expect(wallclock(arm, 1)).toMatchObject({
      wc_version: 2n,
      wc_sec: 0x2345_6789n,
      wc_nsec: 987_654_321n,
      wc_sec_hi: 1n,
    });
    expect(legacyTime(arm, 1, 0).version).toBe(0n);
    expect(legacyTime(arm, 1, 0).system_time).toBe(0n);
  });

  it("VCPUOP_up schedules the vCPU: its time is written once, a second up changes nothing", () => {
    const xen = new Xen({ arch: "x86_64", clock: WIDE_CLOCK });
    xen.createDomain({ id: 1, mode: "pv64", vcpus: 2 });
    const d = xen.domain(1);
    d.vcpus[1]!.initialised = true;
    const g = new TestGuest(xen, 1);
    expect(g.call(24, [1, 1, 0])).toBe(0);
    expect(legacyTime(xen, 1, 1)).toMatchObject({ version: 2n, system_time: WIDE_CLOCK.stime });
    expect(g.call(24, [1, 1, 0])).toBe(0);
    expect(legacyTime(xen, 1, 1).version).toBe(2n); // unchanged record: no rewrite
  });

  it("register_vcpu_info (4.18+) forces an update: the copied version 2 becomes 4", () => {
    const xen = new Xen({ arch: "x86_64", clock: WIDE_CLOCK });
    xen.createDomain({ id: 1, mode: "pv64" });
    const g = new TestGuest(xen, 1);
    g.put(A, "vcpu_register_vcpu_info_t", { mfn: 0x81, offset: 0x40 });
    expect(g.call(24, [10, 0, A])).toBe(0);
    const t = g.get(0x81040, "vcpu_info_t").time as Record<string, unknown>;
    expect(t).toMatchObject({
      version: 4n,
      system_time: WIDE_CLOCK.stime,
      tsc_timestamp: WIDE_CLOCK.tsc,
    });
    // A failing one (-EBUSY) writes nothing.
    expect(g.call(24, [10, 0, A])).toBe(-16);
    expect((g.get(0x81040, "vcpu_info_t").time as Record<string, unknown>).version).toBe(4n);
  });

  it("register_vcpu_info's forced update by release: 4.15.0 none, 4.15.2 and 4.17 even on failure", () => {
    const cases = [
      ["4.15.0", 2n, 2n],
      ["4.14.4", 4n, 2n + 2n + 2n],
      ["4.15.2", 4n, 6n],
      ["4.17.0", 4n, 6n],
    ] as const;
    for (const [release, afterOk, afterFail] of cases) {
      const xen = new Xen({ arch: "x86_64", release, clock: WIDE_CLOCK });
      xen.createDomain({ id: 1, mode: "pv64" });
      const g = new TestGuest(xen, 1);
      g.put(A, "vcpu_register_vcpu_info_t", { mfn: 0x81, offset: 0x40 });
      expect(g.call(24, [10, 0, A]), release).toBe(0);
      const time = () => (g.get(0x81040, "vcpu_info_t").time as Record<string, unknown>).version;
      expect(time(), release).toBe(afterOk);
      expect(g.call(24, [10, 0, A]), release).toBe(-22); // already registered
      expect(time(), release).toBe(release === "4.15.0" ? 2n : afterFail);
    }
  });
});

describe("VCPUOP_set_singleshot_timer against the machine's clock", () => {
  /** A pv64 guest whose clock reads 1 s, with VIRQ_TIMER bound on vCPU 0. */
  function timerWorld(release: "4.17.2" | "4.17.3" | "4.18" | "4.12") {
    const xen = new Xen({ arch: "x86_64", release, clock: { stime: 1_000_000_000n }, trace: true });
    xen.createDomain({ id: 1, mode: "pv64" });
    const g = new TestGuest(xen, 1);
    g.put(0x2000, "evtchn_bind_virq_t", { virq: 0, vcpu: 0 });
    expect(g.call(32, [1, 0x2000])).toBe(0); // EVTCHNOP_bind_virq(VIRQ_TIMER)
    const port = Number(g.get(0x2000, "evtchn_bind_virq_t").port);
    const set = (timeout_abs_ns: bigint, flags: number) => {
      g.put(A, "vcpu_set_singleshot_timer_t", { timeout_abs_ns, flags });
      return g.exec(24, [8, 0, A]);
    };
    return { xen, g, port, set };
  }

  it("until 4.17.2: VCPU_SSHOTTMR_future and a past timeout is -ETIME; without the flag it fires", () => {
    for (const release of ["4.12", "4.17.2"] as const) {
      const w = timerWorld(release);
      expectCheck(w.xen, w.set(999_999_999n, 1), "vcpu_op.set_singleshot_timer.past");
      expect(w.xen.domain(1).vcpus[0]!.timers.singleshotNs, release).toBeNull();
      expect(w.xen.takeVirqs(1), release).toEqual([]);
      // set_timer with an expiry already past: it fires before the guest runs again.
      w.set(999_999_999n, 0);
      expect(Number(w.xen.result(1, 0)), release).toBe(0);
      expect(w.xen.domain(1).vcpus[0]!.timers.singleshotNs, release).toBeNull();
      expect(w.xen.takeVirqs(1), release).toEqual([0]);
      expect(w.xen.pendingEvents(1), release).toEqual([w.port]);
    }
  });

  it("from 4.17.3 and 4.18 the flag is ignored: a past timeout injects VIRQ_TIMER at once", () => {
    for (const release of ["4.17.3", "4.18"] as const) {
      const w = timerWorld(release);
      w.set(2_000_000_000n, 0); // a future timer, then a past one stops it
      expect(w.xen.domain(1).vcpus[0]!.timers.singleshotNs, release).toBe(2_000_000_000n);
      const r = w.set(999_999_999n, 1);
      expect(
        r.trace!.some((e) => e.kind === "check"),
        release,
      ).toBe(false);
      expect(Number(w.xen.result(1, 0)), release).toBe(0);
      expect(w.xen.domain(1).vcpus[0]!.timers.singleshotNs, release).toBeNull();
      expect(w.xen.takeVirqs(1), release).toEqual([0]);
      expect(w.xen.pendingEvents(1), release).toEqual([w.port]);
      // The timeout equal to NOW() is not past: set.
      w.set(1_000_000_000n, 1);
      expect(w.xen.domain(1).vcpus[0]!.timers.singleshotNs, release).toBe(1_000_000_000n);
    }
  });
});
