import { describe, expect, it } from "vitest";
import { NEWEST_RELEASE, compareReleases, type Release } from "@xen-abi/abi-core";
import { releaseHistory, releaseNotes } from "./release-pages.js";

describe("pages per span of releases", () => {
  const history = releaseHistory([]);

  it("splits argo_op where sendv's -EAGAIN was backported, the old page saying until", () => {
    const spans = history.hypercalls["argo_op"]!;
    expect(spans.map((s) => [s.from, s.to])).toEqual([
      ["4.12.0", "4.12.0"],
      ["4.12.1", NEWEST_RELEASE],
    ]);
    const old = spans[0]!.data.behaviour.find((b) => b.id === "argoSendvEagain")!;
    expect([old.carried, old.since, old.until]).toEqual([false, undefined, "4.12.0"]);
    const now = spans[1]!.data.behaviour.find((b) => b.id === "argoSendvEagain")!;
    expect([now.carried, now.since, now.until]).toEqual([true, "4.12.1", undefined]);
    expect(now.commits.map((c) => c.commit)).toContain("478a0ecb1a");
  });

  it("gives the aarch32 mode a page for 4.16.1, where top-half zeroing was backported", () => {
    const spans = history.modes["aarch32"]!;
    const at = spans.find((s) => s.from === "4.16.1")!;
    expect(at.to).toBe("4.16.7");
    const zero = at.data.behaviour.find((b) => b.id === "armZeroAarch32TopHalves")!;
    expect([zero.carried, zero.since]).toEqual([true, "4.16.1"]);
    const before = spans.find((s) => s.to === "4.16.0")!;
    expect(before.data.behaviour.find((b) => b.id === "armZeroAarch32TopHalves")!.carried).toBe(
      false,
    );
  });

  it("shows a struct only from the release whose headers have it", () => {
    const spans = history.hypercalls["memory_op"]!;
    const names = (i: number) => spans[i]!.data.structs.map((s) => s.name);
    const added = names(spans.length - 1).filter((n) => !names(0).includes(n));
    expect(added.length).toBeGreaterThan(0);
    // The first page that shows it starts at its release (later pages differ in other ways).
    const first = spans.find((sp) => sp.data.structs.some((x) => x.name === added[0]))!;
    const s = first.data.structs.find((x) => x.name === added[0])!;
    expect(s.since).toBe(first.from);
  });

  it("says since/until on a mode's handler where the table changed", () => {
    const spans = history.hypercalls["vcpu_op"]!;
    // vcpu_op also splits earlier (register_vcpu_info's XSA-327 backports): take the pages
    // on either side of 4.17.0.
    const before = spans.findIndex((s) => s.to === "4.16.7");
    const arm = (i: number) => spans[i]!.data.modes.find((m) => m.mode === "aarch64")!;
    expect(spans[before + 1]!.from).toBe("4.17.0");
    expect(arm(before).span.until).toBe("4.16.7");
    expect(arm(before + 1).span.since).toBe("4.17.0");
    expect(`${arm(before).handler}/${arm(before).nargs}`).not.toBe(
      `${arm(before + 1).handler}/${arm(before + 1).nargs}`,
    );
  });

  // A check's point-release end is a boundary: 4.17.3 stops making set_singleshot_timer's
  // -ETIME, so 4.17.0-4.17.2 and 4.17.3 on are pages of their own, each with its errors.
  it("splits vcpu_op where a check ends at a point release (4.17.2), listing each span's errors", () => {
    const spans = history.hypercalls["vcpu_op"]!;
    const at = spans.findIndex((s) => s.from === "4.17.3");
    expect(at).toBeGreaterThan(0);
    expect(spans[at - 1]!.to).toBe("4.17.2");
    const timer = (i: number) =>
      spans[i]!.data.subops.find((s) => s.name === "VCPUOP_set_singleshot_timer")!.errors;
    expect(timer(at - 1).map((e) => e.errno)).toContain("ETIME");
    expect(timer(at).map((e) => e.errno)).not.toContain("ETIME");
  });

  it("lists on an older page only the errors its releases make (4.15: no 4.18 -EBUSY)", () => {
    const spans = history.hypercalls["vcpu_op"]!;
    const errnos = (r: Release) =>
      spans
        .find(
          (s) =>
            compareReleases(s.from as Release, r) <= 0 && compareReleases(r, s.to as Release) <= 0,
        )!
        .data.subops.find((s) => s.name === "VCPUOP_register_vcpu_info")!
        .errors.map((e) => e.errno);
    expect(errnos("4.15.0")).not.toContain("EBUSY");
    expect(errnos("4.18.0")).toContain("EBUSY");
  });
});

describe("release notes", () => {
  it("list a check's point-release end at the next release (4.17.3: no singleshot -ETIME)", () => {
    const e = releaseNotes().epochs.find((x) => x.release === "4.17.3")!;
    expect(e.from).toBe("4.17.2");
    expect(e.entries).toContainEqual(
      expect.objectContaining({ kind: "check", subject: "vcpu_op.set_singleshot_timer.past" }),
    );
  });

  it("list what changes at 4.16.1 from 4.16.0, with the backport", () => {
    const e = releaseNotes().epochs.find((x) => x.release === "4.16.1")!;
    expect(e.from).toBe("4.16.0");
    expect(e.entries).toContainEqual(
      expect.objectContaining({ kind: "behaviour", difference: "armZeroAarch32TopHalves" }),
    );
  });

  // 4.19 listed only compat_set_timer_op's prototype: the checks gated on the line were missing.
  it("list the checks a line starts or stops making (4.19: ALTP2M read-only)", () => {
    const e = releaseNotes().epochs.find((x) => x.release === "4.19.0")!;
    expect(e.entries).toContainEqual({
      kind: "check",
      subject: "hvm_op.set_param.read_only (x86_64)",
      a: "none",
      b: "EEXIST",
    });
  });
});
