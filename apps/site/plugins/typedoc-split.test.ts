import { describe, expect, it } from "vitest";
import {
  PART_CHARS,
  SPLIT_CHARS,
  demoteLabels,
  rewriteLinks,
  slug,
  splitModulePage,
} from "./typedoc-split.mjs";

const member = (name: string, size = 200) =>
  `### ${name}\n\n> **${name}**: \`number\`\n\n${"x".repeat(size)}\n\n***\n\n`;

/** A module page: a preamble, Interfaces, then functions, with one same-page link. */
function page(functions: string[], size = 200): string {
  return (
    `---\ntitle: "@x/pkg"\n---\n\n# @x/pkg\n\n## Interfaces\n\n- [Foo](interfaces/Foo.md)\n\n` +
    `## Type Aliases\n\n### releaseProfile\n\nSee [f](#releaseprofile-1).\n\n***\n\n` +
    `## Functions\n\n${functions.map((f) => member(f, size)).join("")}`
  );
}

describe("typedoc-split", () => {
  it("makes anchors as Docusaurus does", () => {
    expect(slug("lintProposal()")).toBe("lintproposal");
    expect(slug("do\\_xen\\_version()")).toBe("do_xen_version");
    expect(slug("HYPERVISOR\\_argo\\_op")).toBe("hypervisor_argo_op");
  });

  it("leaves a short module page whole", () => {
    expect(splitModulePage(page(["a()"]), "@x/pkg")).toBeNull();
  });

  it("moves each group of a long page to its own page, listed by name on the module page", () => {
    const text = page(["releaseProfile()", "zeta()"], SPLIT_CHARS / 2);
    const split = splitModulePage(text, "@x/pkg")!;
    expect(split.pages.map((p: { file: string }) => p.file)).toEqual([
      "type-aliases.md",
      "functions.md",
    ]);
    expect(split.index).toContain("## Interfaces\n\n- [Foo](interfaces/Foo.md)");
    expect(split.index).toContain("- [releaseProfile()](functions.md#releaseprofile)");
    expect(split.index).not.toContain("> **zeta()**");
    const fns = split.pages[1]!.text as string;
    expect(fns).toMatch(/^---\ntitle: "@x\/pkg: functions"\nsidebar_label: "Functions"\n---/);
    expect(fns).toContain("> **zeta()**");
    // The function was the page's second `releaseprofile`; on its own page it is the first.
    expect(split.anchors.get("releaseprofile-1")).toEqual({
      page: "functions.md",
      anchor: "releaseprofile",
    });
    // The type alias's link to the function, once on the same page, now names its page.
    expect(split.pages[0]!.text).toContain("[f](functions.md#releaseprofile)");
  });

  it("cuts a group longer than PART_CHARS into pages named by letter range", () => {
    const names = ["alpha()", "beta()", "mu()", "nu()", "omega()", "zeta()"];
    const split = splitModulePage(page(names, PART_CHARS / 3), "@x/pkg")!;
    const files = split.pages.map((p: { file: string }) => p.file);
    expect(files.filter((f: string) => f.startsWith("functions-")).length).toBeGreaterThan(1);
    expect(split.pages[1]!.text).toContain('sidebar_label: "Functions (a–');
    for (const n of names) expect(split.index).toContain(`[${n}](functions-`);
  });

  it("points other pages' links to moved members at their new pages", () => {
    const moved = new Map([
      [
        "pkg/index.md",
        new Map([["lintproposal", { page: "functions.md", anchor: "lintproposal" }]]),
      ],
    ]);
    expect(
      rewriteLinks(
        "[a](../index.md#lintproposal) [b](../index.md#foo) [c](Bar.md#x)",
        "pkg/interfaces/Foo.md",
        moved,
      ),
    ).toBe("[a](../functions.md#lintproposal) [b](../index.md#foo) [c](Bar.md#x)");
  });

  it("writes a member's labels as bold text, not headings", () => {
    expect(demoteLabels("#### Parameters\n\n#### Returns\n\n#### Other\n")).toBe(
      "**Parameters**\n\n**Returns**\n\n#### Other\n",
    );
  });
});
