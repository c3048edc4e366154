import { describe, expect, it } from "vitest";
import { RELEASE_DIFFERENCES } from "./release-differences.js";
import { RELEASES, releaseProfile } from "./release.js";
import { RELEASE_EPOCHS, epochEnd, epochOf } from "./release-epochs.js";

describe("release epochs", () => {
  it("start at every line's x.y.0 and at each backport's first tag", () => {
    expect(RELEASE_EPOCHS).toContain("4.12.0");
    expect(RELEASE_EPOCHS).toContain("4.12.1");
    expect(RELEASE_EPOCHS).toContain("4.16.1");
    expect(RELEASE_EPOCHS).toContain("4.22.0");
    expect(RELEASE_EPOCHS).not.toContain("4.16.2");
  });

  it("group releases that carry the same release differences", () => {
    for (const r of RELEASES) {
      const e = epochOf(r);
      expect(r.slice(0, 4)).toBe(e.slice(0, 4));
      for (const d of RELEASE_DIFFERENCES)
        expect([r, releaseProfile(r)[d.id]]).toEqual([r, releaseProfile(e)[d.id]]);
    }
  });

  it("end where the next one starts", () => {
    expect(epochOf("4.16.0")).toBe("4.16.0");
    expect(epochOf("4.16.5")).toBe("4.16.1");
    expect(epochEnd("4.16.0")).toBe("4.16.0");
    expect(epochEnd("4.16.1")).toBe("4.16.7");
    expect(epochEnd("4.22.0")).toBe("4.22.0");
  });
});
