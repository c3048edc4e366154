import { describe, expect, it } from "vitest";
import { fuzzBringup } from "./bringup-fuzz.js";
import { Allowed, BringupCheck } from "./bringup-check.js";
import { issue, issueOnTwins, type Req } from "./bringup-ops.js";
import { OPS_GFN, SRC_GFN, Twin, VCPU_INFO_GFN } from "./bringup-world.js";
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
});
