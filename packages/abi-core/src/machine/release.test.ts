import { describe, expect, it } from "vitest";
import {
  LINE_RELEASES,
  NEWEST_RELEASE,
  RELEASES,
  compareReleases,
  isRelease,
  lastOfLine,
  parseRelease,
  releaseCarries,
  releaseProfile,
  releasesBetween,
} from "./release.js";
import { RELEASE_DIFFERENCES } from "./release-differences.js";

describe("releases as Xen tags them", () => {
  it("lists every RELEASE-4.x.y tag from 4.12.0 to 4.22.0", () => {
    expect(RELEASES).toHaveLength(65);
    expect(RELEASES[0]).toBe("4.12.0");
    expect(RELEASES).toContain("4.16.7");
    expect(RELEASES).not.toContain("4.16.8");
    expect(NEWEST_RELEASE).toBe("4.22.0");
    expect(lastOfLine("4.17")).toBe("4.17.7");
    expect(LINE_RELEASES).toEqual(RELEASES.filter((r) => r.endsWith(".0")));
  });

  it("reads a line as its x.y.0 and the tag's own name", () => {
    expect(parseRelease("4.16")).toBe("4.16.0");
    expect(parseRelease("4.16.1")).toBe("4.16.1");
    expect(parseRelease("RELEASE-4.20.4")).toBe("4.20.4");
    expect(parseRelease("4.11")).toBeUndefined();
    expect(parseRelease("4.22.1")).toBeUndefined();
    expect(isRelease("4.16")).toBe(false);
  });

  it("orders by (minor, patch), not as strings", () => {
    expect(compareReleases("4.16.10" as never, "4.16.9" as never)).toBeGreaterThan(0);
    expect(compareReleases("4.16", "4.16.0")).toBe(0);
    expect([...RELEASES].sort(compareReleases)).toEqual(RELEASES);
    expect(releasesBetween("4.16.6", "4.17.1")).toEqual(["4.16.6", "4.16.7", "4.17.0", "4.17.1"]);
  });
});

describe("release differences", () => {
  it("carry a change from each branch's first tag, and in every later line", () => {
    const tags = ["4.16.1", "4.17.0"] as const;
    expect(releaseCarries("4.15.7", tags)).toBe(false);
    expect(releaseCarries("4.16.0", tags)).toBe(false);
    expect(releaseCarries("4.16.1", tags)).toBe(true);
    expect(releaseCarries("4.16.7", tags)).toBe(true);
    expect(releaseCarries("4.17.0", tags)).toBe(true);
    expect(releaseCarries("4.22.0", tags)).toBe(true);
  });

  it("zero AArch32 top halves in 4.16.1 and later, not in 4.16.0", () => {
    const on = RELEASES.filter((r) => releaseProfile(r).armZeroAarch32TopHalves);
    expect(on[0]).toBe("4.16.1");
    expect(on).toEqual(RELEASES.filter((r) => compareReleases(r, "4.16.1") >= 0));
  });

  it("report sendv's -EAGAIN from 4.12.1, dispatch generated from 4.17.0", () => {
    expect(releaseProfile("4.12.0").argoSendvEagain).toBe(false);
    expect(releaseProfile("4.12.1").argoSendvEagain).toBe(true);
    expect(releaseProfile("4.12").argoSendvEagain).toBe(false);
    expect(releaseProfile("4.16.7").generatedDispatch).toBe(false);
    expect(releaseProfile("4.17.0").generatedDispatch).toBe(true);
  });

  it("switch the differences asked for the other way, and only those", () => {
    const flipped = releaseProfile("4.16.0", ["armZeroAarch32TopHalves", "generatedDispatch"]);
    expect(flipped.armZeroAarch32TopHalves).toBe(true);
    expect(flipped.generatedDispatch).toBe(true);
    expect(flipped.argoSendvEagain).toBe(true);
    expect(flipped.release).toBe("4.16.0");
    expect(releaseProfile("4.17.0", ["generatedDispatch"]).generatedDispatch).toBe(false);
    // The release's own profile is untouched.
    expect(releaseProfile("4.16.0").armZeroAarch32TopHalves).toBe(false);
  });

  it("record a commit and a first tag for every branch they list", () => {
    for (const d of RELEASE_DIFFERENCES) {
      expect(new Set(d.commits.map((c) => c.firstTag))).toEqual(new Set(d.firstTags));
      for (const c of d.commits) {
        expect(c.commit).toMatch(/^[0-9a-f]{10}$/);
        expect(isRelease(c.firstTag)).toBe(true);
        const line = c.firstTag.slice(0, 4);
        if (c.branch !== "master") expect(c.branch).toBe(`stable-${line}`);
        else expect(c.firstTag.endsWith(".0")).toBe(true);
      }
    }
  });
});
