import { describe, expect, it } from "vitest";
import { splitCitations, xenSourceUrl } from "./cite";

describe("splitCitations", () => {
  it("keeps the release a citation names, a line as its x.y.0", () => {
    expect(splitCitations("(xen/arch/arm/domain_build.c create_domUs in 4.17, and")).toEqual([
      "(",
      {
        text: "xen/arch/arm/domain_build.c create_domUs in 4.17",
        path: "xen/arch/arm/domain_build.c",
        release: "4.17.0",
      },
      ", and",
    ]);
    expect(splitCitations("xen/common/argo.c: sendv in 4.20.4.")[0]).toEqual({
      text: "xen/common/argo.c: sendv in 4.20.4",
      path: "xen/common/argo.c",
      release: "4.20.4",
    });
    expect(splitCitations("xen/common/argo.c in 4.16 and later")[0]).toHaveProperty(
      "release",
      "4.16.0",
    );
    expect(splitCitations("xen/common/argo.c: sendv in the ring")[0]).not.toHaveProperty("release");
  });

  it("finds a path with its function after a colon", () => {
    expect(splitCitations("len became unsigned (xen/common/argo.c: sendv): an error")).toEqual([
      "len became unsigned (",
      { text: "xen/common/argo.c: sendv", path: "xen/common/argo.c" },
      "): an error",
    ]);
  });

  it("takes a function after a space only when it looks like one", () => {
    expect(splitCitations("(xen/arch/x86/pv/dom0_build.c dom0_construct_pv)")[1]).toEqual({
      text: "xen/arch/x86/pv/dom0_build.c dom0_construct_pv",
      path: "xen/arch/x86/pv/dom0_build.c",
    });
    expect(splitCitations("xen/common/argo.c and more")).toEqual([
      { text: "xen/common/argo.c", path: "xen/common/argo.c" },
      " and more",
    ]);
  });

  it("ends a path before the sentence's full stop, and finds several", () => {
    expect(
      splitCitations("see xen/common/memory.c. And xen/include/public/xen.h, too").filter(
        (p) => typeof p !== "string",
      ),
    ).toEqual([
      { text: "xen/common/memory.c", path: "xen/common/memory.c" },
      { text: "xen/include/public/xen.h", path: "xen/include/public/xen.h" },
    ]);
  });

  it("takes no citation out of a longer name (a template such as compile.h.in)", () => {
    expect(splitCitations("from xen/include/xen/compile.h.in, generated")).toEqual([
      "from xen/include/xen/compile.h.in, generated",
    ]);
  });

  it("leaves text without citations whole", () => {
    expect(splitCitations("no source here")).toEqual(["no source here"]);
    expect(splitCitations("")).toEqual([]);
  });
});

describe("xenSourceUrl", () => {
  it("links the file at the release's tag on xenbits", () => {
    expect(xenSourceUrl("xen/common/argo.c", "4.20.0")).toBe(
      "https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=xen/common/argo.c;hb=RELEASE-4.20.0",
    );
  });

  it("refuses what is not a release", () => {
    expect(() => xenSourceUrl("xen/common/argo.c", "4.20")).toThrow(/not a Xen release/);
  });
});
