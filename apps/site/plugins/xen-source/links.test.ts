import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NEWEST_RELEASE } from "@xen-abi/abi-core";
import { splitCitations } from "../../src/components/XenSource/cite";
import { readKnownPaths, unknownLinks, xenLinksIn, xenLinksOfBuild } from "./links.mjs";

const url = (path: string, tag: string) =>
  `https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=${path};hb=${tag}`;

describe("links to Xen's source", () => {
  it("reads path and tag from quoted and unquoted hrefs", () => {
    const html = `<a href="${url("xen/common/argo.c", "RELEASE-4.20.0")}">a</a><a href=${url("xen/arch/arm/arm64/entry.S", "RELEASE-4.22.0")}>b</a>`;
    expect(xenLinksIn(html)).toEqual([
      { path: "xen/common/argo.c", tag: "RELEASE-4.20.0" },
      { path: "xen/arch/arm/arm64/entry.S", tag: "RELEASE-4.22.0" },
    ]);
  });

  it("lists a build's distinct links with the first page of each", () => {
    const dir = mkdtempSync(join(tmpdir(), "xen-links-"));
    mkdirSync(join(dir, "docs"));
    writeFileSync(
      join(dir, "docs", "a.html"),
      `<a href="${url("xen/common/argo.c", "RELEASE-4.22.0")}">`,
    );
    writeFileSync(join(dir, "b.html"), `<a href="${url("xen/common/argo.c", "RELEASE-4.22.0")}">`);
    writeFileSync(join(dir, "c.js"), `"${url("xen/common/memory.c", "RELEASE-4.22.0")}"`);
    expect(xenLinksOfBuild(dir)).toEqual([
      { path: "xen/common/argo.c", tag: "RELEASE-4.22.0", page: "b.html" },
    ]);
  });

  it("finds the links whose file is not recorded at their tag", () => {
    const known = { "RELEASE-4.22.0": ["xen/common/kernel.c"] };
    expect(
      unknownLinks(
        [
          { path: "xen/common/kernel.c", tag: "RELEASE-4.22.0" },
          { path: "xen/common/kernel.c", tag: "RELEASE-4.12.0" },
          { path: "xen/common/compat/kernel.c", tag: "RELEASE-4.22.0" },
        ],
        known,
      ),
    ).toEqual([
      { path: "xen/common/kernel.c", tag: "RELEASE-4.12.0" },
      { path: "xen/common/compat/kernel.c", tag: "RELEASE-4.22.0" },
    ]);
  });

  it("the committed list names files at release tags only", () => {
    const known = readKnownPaths(join(__dirname, "..", ".."));
    expect(Object.keys(known).length).toBeGreaterThan(0);
    for (const [tag, paths] of Object.entries(known)) {
      expect(tag).toMatch(/^RELEASE-\d+\.\d+\.\d+$/);
      for (const p of paths) expect(p).toMatch(/^xen\/[\w./-]+\.(c|h|S)$/);
    }
  });

  // The docs (some generated, as docs/checked-against-real-xen.md from packages/real-xen) link
  // the newest release's tag: a file Xen has since moved fails the build, so find it here.
  it("every citation in docs/*.md names a file recorded at its release's tag (the newest unless it names one)", () => {
    const known = readKnownPaths(join(__dirname, "..", ".."));
    const docs = join(__dirname, "..", "..", "..", "..", "docs");
    const missing: string[] = [];
    for (const f of readdirSync(docs, { recursive: true }) as string[]) {
      if (!/\.mdx?$/.test(f)) continue;
      for (const part of splitCitations(readFileSync(join(docs, f), "utf8")))
        if (
          typeof part !== "string" &&
          !(known[`RELEASE-${part.release ?? NEWEST_RELEASE}`] ?? []).includes(part.path)
        )
          missing.push(`${f}: ${part.path} at ${part.release ?? NEWEST_RELEASE}`);
    }
    expect(missing).toEqual([]);
  });
});
