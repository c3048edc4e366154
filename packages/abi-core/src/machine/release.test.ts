import { describe, expect, it } from "vitest";
import {
  LINE_RELEASES,
  NEWEST_RELEASE,
  OLDEST_RELEASE,
  RELEASES,
  compareReleases,
  isRelease,
  isReleaseRef,
  lastOfLine,
  nextRelease,
  parseRelease,
  releaseAtLeast,
  releaseCarries,
  releaseLine,
  releaseMinor,
  releasePatch,
  releaseProfile,
  releasesBetween,
  toRelease,
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

describe("release names and their parts", () => {
  it("knows a point release, a line, and nothing else, not even Object's own keys", () => {
    expect(OLDEST_RELEASE).toBe("4.12.0");
    expect(isRelease("4.16.0")).toBe(true);
    expect(isRelease("4.22.0")).toBe(true);
    expect(isRelease("4.12.5")).toBe(false); // 4.12 ended at 4.12.4
    expect(isReleaseRef("4.16")).toBe(true);
    expect(isReleaseRef("4.16.7")).toBe(true);
    expect(isReleaseRef("4.16.8")).toBe(false);
    expect(isReleaseRef("4.11")).toBe(false);
    for (const key of ["toString", "constructor", "__proto__", ""]) {
      expect(isRelease(key), key).toBe(false);
      expect(isReleaseRef(key), key).toBe(false);
      expect(parseRelease(key), key).toBeUndefined();
    }
    expect(parseRelease("RELEASE-4.16")).toBe("4.16.0");
    expect(parseRelease("RELEASE-")).toBeUndefined();
    expect(parseRelease("4.16.1-RELEASE-")).toBeUndefined();
  });

  it("splits a release into minor, patch and line; a line is its x.y.0", () => {
    expect(toRelease("4.17")).toBe("4.17.0");
    expect(toRelease("4.17.2")).toBe("4.17.2");
    expect([releaseMinor("4.12.3"), releaseMinor("4.20.1"), releaseMinor("4.17")]).toEqual([
      12, 20, 17,
    ]);
    expect([releasePatch("4.17.2"), releasePatch("4.16.7"), releasePatch("4.22")]).toEqual([
      2, 7, 0,
    ]);
    expect([releaseLine("4.16.1"), releaseLine("4.20")]).toEqual(["4.16", "4.20"]);
  });

  it("compares: at least is inclusive, and the next release crosses lines", () => {
    expect(releaseAtLeast("4.17.0", "4.17")).toBe(true);
    expect(releaseAtLeast("4.17.1", "4.17.0")).toBe(true);
    expect(releaseAtLeast("4.16.7", "4.17.0")).toBe(false);
    expect(releaseAtLeast("4.17.0", "4.16.7")).toBe(true);
    expect(compareReleases("4.16.1", "4.17.0")).toBeLessThan(0);
    expect(compareReleases("4.17.0", "4.16.7")).toBeGreaterThan(0);
    expect(nextRelease("4.12.0")).toBe("4.12.1");
    expect(nextRelease("4.16.7")).toBe("4.17.0");
    expect(nextRelease("4.22.0")).toBeUndefined();
    expect(releasesBetween("4.17", "4.17")).toEqual(["4.17.0"]);
    expect(releasesBetween("4.18", "4.17")).toEqual([]);
  });

  it("profiles a release once: its numbers, the same object for a line and its x.y.0", () => {
    const p = releaseProfile("4.16.3");
    expect([p.release, p.major, p.minor, p.patch]).toEqual(["4.16.3", 4, 16, 3]);
    expect(releaseProfile("4.16")).toBe(releaseProfile("4.16.0"));
    expect(Object.isFrozen(p)).toBe(true);
    expect(() => releaseProfile("4.11" as never)).toThrow("unmodelled release '4.11'");
    expect(() => releaseProfile("4.16.8" as never)).toThrow("unmodelled release '4.16.8'");
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
    // A master-only change: no line before it carries it.
    expect(releaseCarries("4.16.7", ["4.17.0"])).toBe(false);
    expect(releaseCarries("4.17.0", ["4.17.0"])).toBe(true);
    // A backport to an older line only: lines between the listed ones do not carry it.
    expect(releaseCarries("4.15.0", ["4.14.2", "4.16.1"])).toBe(false);
    expect(releaseCarries("4.14.2", ["4.14.2", "4.16.1"])).toBe(true);
    expect(releaseCarries("4.14.1", ["4.14.2", "4.16.1"])).toBe(false);
    expect(releaseCarries("4.17.0", ["4.16.1", "4.14.2"])).toBe(true);
    // Tags in any order: the newest listed line counts, not the last listed.
    expect(releaseCarries("4.15.0", ["4.16.1", "4.14.2"])).toBe(false);
    expect(releaseCarries("4.12.0", [])).toBe(true);
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
