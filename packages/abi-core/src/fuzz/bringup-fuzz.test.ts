import { describe, expect, it } from "vitest";
import { fuzzBringup } from "./bringup-fuzz.js";
import { Allowed, BringupCheck } from "./bringup-check.js";
import { issue, issueOnTwins, type Req } from "./bringup-ops.js";
import { OPS_GFN, RUNSTATE_GFN, SRC_GFN, Twin, VCPU_INFO_GFN } from "./bringup-world.js";
import {
  checkRegistrations,
  K_GETPARAM,
  K_ISUP,
  K_RS_AREA,
  K_RS_INFO,
  K_SETPARAM,
  K_VINFO,
} from "./bringup-vcpu-ops.js";
import { InvariantViolation } from "./violation.js";

describe("bring-up fuzzer", () => {
  it("runs seeded requests on twins of every family with every invariant holding", () => {
    for (const seed of [1, 2, 3]) expect(fuzzBringup(seed, 2000)).toBe(2000);
  });

  it("fails a write the guest did not grant or ask for, and accepts the ones it did", () => {
    const t = new Twin("x86_64", "hvm64", "4.22");
    const check = new BringupCheck(t.xen);
    const allowed = new Allowed();
    const d = t.guests[0].d;
    check.before();
    d.memory.frame(OPS_GFN)[5] = 1; // the op page is the guest's ask
    allowed.frame(1, OPS_GFN);
    check.after(allowed);
    check.before();
    d.memory.frame(SRC_GFN)[100] = 0xee; // not asked
    expect(() => check.after(allowed)).toThrow(/d1 gfn 4 offset 100/);
    check.before();
    d.memory.peekFrame(VCPU_INFO_GFN)![64] = 9; // past the vcpu_info, unnoted
    allowed.range(1, VCPU_INFO_GFN, 0, 64);
    expect(() => check.after(allowed)).toThrow(InvariantViolation);
  });

  it("fails an event pending on a port nothing is bound to", () => {
    const t = new Twin("arm64", "aarch64", "4.22");
    const check = new BringupCheck(t.xen);
    const d = t.guests[1].d;
    check.before();
    d.sharedInfo[d.evtchn!.layout.pending]! |= 1 << 3; // port 3, never allocated
    expect(() => check.after(new Allowed())).toThrow(/port 3 is pending/);
  });

  it("fails when the 32-bit twin answers a logical request differently", () => {
    const twins = [new Twin("x86_64", "pv64", "4.22"), new Twin("x86_64", "pv32", "4.22")] as const;
    const checks = [new BringupCheck(twins[0].xen), new BringupCheck(twins[1].xen)] as const;
    const alloc: Req = { kind: 0, who: 0, a: 0, b: 0, c: 0, e: 0, compare: true };
    issueOnTwins(twins, checks, alloc, new Allowed()); // port 1 on both
    expect(issue(twins[0], checks[0], alloc, new Allowed())).toEqual([0, 2]); // 64-bit only
    // The 64-bit twin is a port ahead now: its next port is 3, the 32-bit twin's 2.
    expect(() => issueOnTwins(twins, checks, alloc, new Allowed())).toThrow(
      /64-bit guest got \[0, 3\], the 32-bit guest \[0, 2\]/,
    );
  });

  /** The hvm/pv/Arm twins of one family, booted, with their checks. */
  function twinsOf(arch: "x86_64" | "arm64", m64: string, m32: string, release = "4.22") {
    const twins = [
      new Twin(arch, m64 as never, release),
      new Twin(arch, m32 as never, release),
    ] as const;
    const checks = [new BringupCheck(twins[0].xen), new BringupCheck(twins[1].xen)] as const;
    return { twins, checks };
  }
  const req = (kind: number, b: number, c: number, e: number): Req => ({
    kind,
    who: 0,
    a: 0,
    b,
    c,
    e,
    compare: true,
  });

  it("fails a runstate record longer than the guest's layout, past the area it registered", () => {
    const { twins, checks } = twinsOf("x86_64", "pv64", "pv32");
    // RS_OFFSETS[2] = 96 in RUNSTATE_GFN, vCPU 0 (c 0), e 0: the area is in guest RAM.
    const area = req(K_RS_AREA, 2, 0, 0);
    issueOnTwins(twins, checks, area, new Allowed());
    // The compat record is 44 bytes (uint64_t 4-aligned on x86_32), the native one 48.
    expect(twins[1].guests[0].runstateAddr[0]).toBe(RUNSTATE_GFN * 4096 + 96);
    const t = twins[1];
    const allowed = new Allowed();
    const check = checks[1];
    const d = t.guests[0].d;
    // What a native-sized write over a compat guest's area does to the bytes after it.
    issue(t, check, req(K_ISUP, 0, 0, 0), allowed); // allowed now holds the registered areas
    check.before();
    d.memory.frame(RUNSTATE_GFN)[96 + 43] = 0; // the record's last byte: the guest's ask
    check.after(allowed);
    check.before();
    d.memory.frame(RUNSTATE_GFN)[96 + 44] = 0;
    expect(() => check.after(allowed)).toThrow(/d1 gfn 8 offset 140/);
  });

  it("compares runstate info by its fields, not bytes, between the 64- and 32-bit layouts", () => {
    const { twins, checks } = twinsOf("x86_64", "hvm64", "hvm32");
    const info = req(K_RS_INFO, 0, 7, 0); // vCPU 1, down: RUNSTATE_offline
    const a = issue(twins[0], checks[0], info, new Allowed());
    const b = issue(twins[1], checks[1], info, new Allowed());
    expect(a).toEqual([0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(b).toEqual(a);
    // A 32-bit twin whose vCPU 1 is up answers differently, and the compare sees it.
    twins[1].guests[0].d.vcpus[1]!.online = true;
    expect(() => issueOnTwins(twins, checks, info, new Allowed())).toThrow(
      /kind 21 from d1: the 64-bit guest got \[0, 3, .*the 32-bit guest \[0, 0,/,
    );
  });

  it("fails a vcpu_info that is not where the guest registered it", () => {
    const { twins, checks } = twinsOf("arm64", "aarch64", "aarch32");
    // vCPU 1 (c 7) at VINFO_OFFSETS[1] = 128 of VCPU_INFO_GFN (e 0).
    issueOnTwins(twins, checks, req(K_VINFO, 1, 7, 0), new Allowed());
    const g = twins[0].guests[0];
    expect(g.vcpuInfoOff).toEqual([0, 128]);
    // A second registration of vCPU 0 (c 0) at 256: -EBUSY from 4.18, nothing moves.
    expect(issue(twins[0], checks[0], req(K_VINFO, 2, 0, 0), new Allowed())[0]).toBe(-16);
    checkRegistrations(twins[0]);
    const v1 = g.d.vcpus[1]!;
    v1.vcpuInfo = { ...v1.vcpuInfo!, offset: 256 }; // as if the second one had moved vCPU 1's
    expect(() => checkRegistrations(twins[0])).toThrow(
      /d1 vCPU 1: vcpu_info at gfn 7 offset 256, registered at offset 128/,
    );
  });

  it("fails a refused vcpu_info registration that wrote where it asked", () => {
    const { twins, checks } = twinsOf("x86_64", "hvm64", "hvm32");
    const t = twins[0];
    // vCPU 1 (c 7) at offset 65 (b 7): misaligned, -ENXIO; then the same with a stray write.
    const odd = req(K_VINFO, 7, 7, 0);
    expect(issue(t, checks[0], odd, new Allowed())[0]).toBe(-6);
    const execute = t.xen.execute.bind(t.xen);
    t.xen.execute = (domid: number, vcpu: number) => {
      const r = execute(domid, vcpu);
      const f = t.xen.domain(domid).memory.peekFrame(VCPU_INFO_GFN)!;
      f[70] = f[70]! ^ 0xff; // unnoted, as Xen's writes there are
      return r;
    };
    expect(() => issue(t, checks[0], odd, new Allowed())).toThrow(
      /d1: register_vcpu_info answered -6 but wrote VCPU_INFO_GFN offset 70/,
    );
  });

  it("a second vcpu_info registration is -EINVAL before 4.18, and moves nothing", () => {
    const { twins, checks } = twinsOf("x86_64", "pv64", "pv32", "4.17");
    expect(issue(twins[1], checks[1], req(K_VINFO, 2, 0, 0), new Allowed())[0]).toBe(-22);
    checkRegistrations(twins[1]);
  });

  it("fails a shared_info layout other than the one the guest's CALLBACK_IRQ latched", () => {
    const { twins, checks } = twinsOf("x86_64", "hvm64", "hvm32");
    // CALLBACK_IRQ (b 0) on DOMID_SELF (c 0) to vector 0xf3 (e 3).
    issueOnTwins(twins, checks, req(K_SETPARAM, 0, 0, 3), new Allowed());
    const [g64, g32] = [twins[0].guests[0], twins[1].guests[0]];
    expect([g64.latched, g32.latched]).toEqual([true, true]);
    // hvm_latch_shinfo_size: the 32-bit guest's shared_info is the compat one now, the
    // 64-bit guest's stays native; both twins agree the call succeeded.
    expect([g64.d.has32bitShinfo, g32.d.has32bitShinfo]).toEqual([false, true]);
    expect([g64.d.evtchn!.maxEvtchns, g32.d.evtchn!.maxEvtchns]).toEqual([4096, 1024]);
    g32.d.has32bitShinfo = false;
    expect(() => checkRegistrations(twins[1])).toThrow(
      /d1: has_32bit_shinfo is false, the guest's ABI made it true/,
    );
  });

  it("an Arm guest's own CALLBACK_IRQ (allowed before 4.14) latches no shared_info size", () => {
    const { twins, checks } = twinsOf("arm64", "aarch64", "aarch32", "4.13");
    const a = issue(twins[1], checks[1], req(K_SETPARAM, 0, 0, 3), new Allowed());
    expect(a).toEqual([0]);
    expect(twins[1].guests[0].latched).toBe(false);
    checkRegistrations(twins[1]);
  });

  it("reads pending bits through the layout the domain has now", () => {
    const { twins, checks } = twinsOf("x86_64", "hvm64", "hvm32");
    const check = checks[1];
    const d = twins[1].guests[0].d;
    const pending = d.evtchn!.layout.pending;
    // Port 2000's bit in the native layout: past a compat shared_info's 1024 ports (its
    // evtchn_mask there), so pending on an unbound port only while the layout is native.
    check.before();
    d.sharedInfo[pending + 250]! |= 1;
    expect(() => check.after(new Allowed())).toThrow(/port 2000 is pending/);
    issueOnTwins(twins, checks, req(K_SETPARAM, 0, 0, 3), new Allowed()); // latch: compat
    check.before();
    check.after(new Allowed());
    d.sharedInfo[pending + 5]! |= 1; // port 40, unbound, in either layout
    expect(() => check.after(new Allowed())).toThrow(/port 40 is pending/);
  });

  it("fails a get_param that does not give back what the guest set on itself", () => {
    const { twins, checks } = twinsOf("x86_64", "hvm64", "hvm32");
    issueOnTwins(twins, checks, req(K_SETPARAM, 0, 0, 3), new Allowed());
    const get = req(K_GETPARAM, 0, 0, 0);
    expect(issue(twins[1], checks[1], get, new Allowed())).toEqual([0, 0xf3, 0x02000000]);
    twins[0].guests[0].d.hvmParams[0] = 5n;
    expect(() => issue(twins[0], checks[0], get, new Allowed())).toThrow(
      /d1 get_param\(0\) gave 5, but the guest set 144115188075856115/,
    );
  });

  it("lets a garbage gnttab_copy write what the peer granted writable, and only that", () => {
    const t = new Twin("x86_64", "hvm64", "4.22");
    const check = new BringupCheck(t.xen);
    const [g, peer] = t.guests;
    const x = g.s.copy;
    const ops = OPS_GFN * 4096;
    // The stale op page holds a copy of 16 bytes from the caller's SRC_GFN into the peer's
    // grant `ref` at offset 100: raw kind 17 with a 1 (at OPS), b 2 (grant_table_op), c 5
    // (copy), e 1 (one op).
    const stale = (ref: number) => {
      g.put(ops + x.at["source.u"], x.len["source.u"], SRC_GFN);
      g.put(ops + x.at["source.domid"], 2, 0x7ff0);
      g.put(ops + x.at["source.offset"], 2, 0);
      g.put(ops + x.at["dest.u"], x.len["dest.u"], ref);
      g.put(ops + x.at["dest.domid"], 2, peer.id);
      g.put(ops + x.at["dest.offset"], 2, 100);
      g.put(ops + x.at.len, 2, 16);
      g.put(ops + x.at.flags, 2, 2); // GNTCOPY_dest_gref
    };
    const raw: Req = { kind: 17, who: 0, a: 1, b: 2, c: 5, e: 1, compare: false };
    stale(8); // the peer's read-write grant of its SRC_GFN
    const before = peer.d.memory.frame(SRC_GFN)[100];
    expect(issue(t, check, raw, new Allowed())).toEqual([0]);
    expect(g.get(ops + x.at.status, 2, true)).toBe(0);
    expect(peer.d.memory.frame(SRC_GFN)[100]).not.toBe(before); // the copy landed
    stale(9); // read-only: Xen refuses, and the peer's DST_GFN stays checked
    issue(t, check, raw, new Allowed());
    expect(g.get(ops + x.at.status, 2, true)).toBeLessThan(0);
    const allowed = new Allowed();
    issue(t, check, { ...raw, c: 0 }, allowed); // any raw call: its allowed ranges
    check.before();
    peer.d.memory.frame(5)[100] = 0xee;
    expect(() => check.after(allowed)).toThrow(/d2 gfn 5 offset 100/);
  });
});
