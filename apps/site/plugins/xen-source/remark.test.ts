import { describe, expect, it } from "vitest";
import xenSource, { type MdNode } from "./remark";

const URL = (path: string) =>
  `https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=${path};hb=RELEASE-4.22.0`;

function run(children: MdNode[]): MdNode {
  const tree: MdNode = { type: "root", children };
  xenSource({ release: "4.22.0" })(tree);
  return tree;
}

const para = (...children: MdNode[]): MdNode => ({ type: "paragraph", children });
const text = (value: string): MdNode => ({ type: "text", value });

describe("xenSource remark plugin", () => {
  it("links a citation in prose, function and all, at the release's tag", () => {
    const tree = run([para(text("Xen checks it (xen/common/argo.c: do_argo_op), then"))]);
    expect(tree.children![0]!.children).toEqual([
      text("Xen checks it ("),
      {
        type: "link",
        url: URL("xen/common/argo.c"),
        title: "xen/common/argo.c in Xen 4.22.0",
        children: [text("xen/common/argo.c: do_argo_op")],
        data: { hProperties: { "data-xen-source": "xen/common/argo.c" } },
      },
      text("), then"),
    ]);
  });

  it("links inline code that cites a file, keeping it code", () => {
    const tree = run([para({ type: "inlineCode", value: "xen/include/hypercall-defs.c" })]);
    const link = tree.children![0]!.children![0]!;
    expect(link.type).toBe("link");
    expect(link.url).toBe(URL("xen/include/hypercall-defs.c"));
    expect(link.children).toEqual([{ type: "inlineCode", value: "xen/include/hypercall-defs.c" }]);
  });

  it("finds citations deep in lists and emphasis, several in one text", () => {
    const tree = run([
      {
        type: "list",
        children: [
          {
            type: "listItem",
            children: [
              para({
                type: "emphasis",
                children: [text("xen/common/memory.c and xen/xsm/silo.c")],
              }),
            ],
          },
        ],
      },
    ]);
    const em = tree.children![0]!.children![0]!.children![0]!.children![0]!;
    expect(em.children!.filter((c) => c.type === "link").map((c) => c.url)).toEqual([
      URL("xen/common/memory.c"),
      URL("xen/xsm/silo.c"),
    ]);
  });

  it("leaves links, code blocks and citation-free pages alone, and adds no note to them", () => {
    const link: MdNode = { type: "link", url: "x", children: [text("xen/common/argo.c")] };
    const code: MdNode = { type: "code", value: "see xen/common/argo.c" };
    const tree = run([para(link), code, para(text("no source here"))]);
    expect(tree.children).toEqual([
      para({ type: "link", url: "x", children: [text("xen/common/argo.c")] }),
      { type: "code", value: "see xen/common/argo.c" },
      para(text("no source here")),
    ]);
  });

  it("says at the page's end which tag its links go to", () => {
    const tree = run([para(text("xen/common/kernel.c"))]);
    const note = tree.children!.at(-1)!;
    expect(note.data?.hProperties).toEqual({ "data-xen-source-note": "4.22.0" });
    expect(JSON.stringify(note)).toContain("RELEASE-4.22.0, the newest release");
  });

  it("refuses a release that is not one tag", () => {
    expect(() => xenSource({ release: "4.22" })).toThrow(/not a Xen release/);
  });
});
