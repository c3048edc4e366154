import { describe, expect, it } from "vitest";
import { buildIndex } from "./build";
import { normalise, prepare, search } from "./rank";

const page = (h1: string, body: string) => `<main><h1>${h1}</h1>${body}</main>`;

// The same names on a hypercall page, a guideline, a doc and the API reference, listed in the
// order the API reference would win on plain text relevance.
const INDEX = prepare(
  buildIndex([
    {
      path: "/api/abi-core/src",
      html: page(
        "abi-core",
        `<h3 id=xen_argo_op_register_ring>XEN_ARGO_OP_register_ring</h3><h3 id=argo>argo</h3><p><code>0x27</code>`,
      ),
    },
    {
      path: "/guidelines/G010",
      html: page("G010", `<h2 id=x><code>XEN_ARGO_OP_register_ring</code></h2>`),
    },
    {
      path: "/docs/argo-guide",
      html: page("Argo guide", `<p><code>XEN_ARGO_OP_register_ring</code>`),
    },
    {
      path: "/hypercalls/argo_op",
      html: page(
        "<code>argo_op</code> hypercall 39",
        `<p data-testid=hypercall-ids><code>__HYPERVISOR_argo_op</code> = 39 (0x27)<p>x
<h3 id=subop-XEN_ARGO_OP_register_ring><code>XEN_ARGO_OP_register_ring</code> = 1</h3>
<div id=struct-xen_argo_register_ring_t><h3><code>xen_argo_register_ring_t</code></h3></div>`,
      ),
    },
    { path: "/4.12.0/hypercalls/argo_op", html: page("old", "<p><code>0x27</code>") },
  ]),
);

const first = (q: string) => search(INDEX, q)[0]?.url;

describe("search", () => {
  it("finds a sub-op's hypercall page first, at its heading", () => {
    expect(first("XEN_ARGO_OP_register_ring")).toBe(
      "/hypercalls/argo_op#subop-XEN_ARGO_OP_register_ring",
    );
    // Then a heading that names it, then a mention in a doc's text, the API reference last.
    expect(search(INDEX, "xen_argo_op_register_ring").map((r) => r.kind)).toEqual([
      "hypercall",
      "guideline",
      "docs",
      "api",
    ]);
  });

  it("finds a struct by its tag, with or without `struct`", () => {
    const want = "/hypercalls/argo_op#struct-xen_argo_register_ring_t";
    expect(first("xen_argo_register_ring")).toBe(want);
    expect(first("struct xen_argo_register_ring")).toBe(want);
    expect(first("xen_argo_register_ring_t")).toBe(want);
  });

  it("finds a hypercall by hex or decimal number and by __HYPERVISOR_ name", () => {
    expect(first("0x27")).toBe("/hypercalls/argo_op");
    expect(first("39")).toBe("/hypercalls/argo_op");
    expect(first("__HYPERVISOR_argo_op")).toBe("/hypercalls/argo_op");
  });

  it("ranks a hypercall title's prefix above an exact name in the API reference", () => {
    expect(first("argo")).toBe("/hypercalls/argo_op");
  });

  it("leaves older releases' pages out and returns nothing for a blank query", () => {
    expect(search(INDEX, "old")).toEqual([]);
    expect(search(INDEX, "  ")).toEqual([]);
  });

  it("lists a page and anchor once", () => {
    const urls = search(INDEX, "argo").map((r) => r.url);
    expect(new Set(urls).size).toBe(urls.length);
  });
});

describe("normalise", () => {
  it("drops struct, a call's parentheses, case and extra spaces", () => {
    expect(normalise("  struct  Xen_Argo_Ring ")).toBe("xen_argo_ring");
    expect(normalise("lookupHypercall()")).toBe("lookuphypercall");
  });
});
