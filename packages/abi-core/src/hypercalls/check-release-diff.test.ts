import { describe, expect, it } from "vitest";
import { checkBoundaries, checkReleaseDiff, withinSpan } from "./check-release-diff.js";

const subjects = (a: string, b: string) =>
  checkReleaseDiff(a as "4.18", b as "4.19").map((e) => `${e.subject}: ${e.a} -> ${e.b}`);

describe("checks that differ between two releases", () => {
  it("4.18 -> 4.19: ALTP2M read-only, the PAE L3 above 4 GiB", () => {
    const s = subjects("4.18", "4.19");
    expect(s).toContain("hvm_op.set_param.read_only (x86_64): none -> EEXIST");
    expect(s).toContain("vcpu_op.initialise.pv32_l3_above_4g (x86_64): none -> ERANGE");
  });

  it("4.13 -> 4.14: hvm_op's deprecated params change errno; a line's until covers its point releases", () => {
    const s = subjects("4.13", "4.14");
    expect(s).toContain("hvm_op.set_param.deprecated_eperm (x86_64): EPERM -> none");
    expect(s).toContain("hvm_op.set_param.deprecated (x86_64): none -> EINVAL");
    expect(subjects("4.13.0", "4.13.5")).not.toContain(
      "hvm_op.set_param.deprecated_eperm (x86_64): EPERM -> none",
    );
  });

  it("lists nothing between a release and itself, and says what each check is", () => {
    expect(checkReleaseDiff("4.22", "4.22.0")).toEqual([]);
    const e = checkReleaseDiff("4.18", "4.19").find((x) =>
      x.subject.startsWith("hvm_op.set_param.read_only"),
    )!;
    expect(e.note).toMatch(/ALTP2M is read-only.*hvm_allow_set_param/);
  });
});

describe("where checks start and stop", () => {
  it("a check's point-release end starts the next release: set_singleshot_timer.past ends at 4.17.2", () => {
    const b = checkBoundaries();
    expect(b).toContain("4.17.3");
    expect(b).not.toContain("4.17.2");
    // A line's until ends after its newest point release; a since starts where it says.
    expect(b).toContain("4.14.0");
    expect(b).toContain("4.12.4");
    expect(b).toContain("4.19.0");
  });

  it("a span holds from its since through its until's last release", () => {
    expect(withinSpan("4.17.2", { until: "4.17.2" })).toBe(true);
    expect(withinSpan("4.17.3", { until: "4.17.2" })).toBe(false);
    expect(withinSpan("4.13.5", { until: "4.13" })).toBe(true);
    expect(withinSpan("4.18.0", { since: "4.18" })).toBe(true);
    expect(withinSpan("4.17.7", { since: "4.18" })).toBe(false);
  });
});
