import { describe, expect, it } from "vitest";
import { extractPage, kindOf } from "./extract";

// As Docusaurus's minifier writes a hypercall page: unquoted attributes, no </p>, comments.
const HYPERCALL = `<html><head><title>argo_op | xen-abi</title></head><body>
<nav class=navbar><code>NAVBAR_ONLY</code></nav>
<main><article><h1><code>argo_op</code> hypercall <!-- -->39</h1>
<p class=xa-ids data-testid=hypercall-ids><code>__HYPERVISOR_<!-- -->argo_op</code> = <!-- -->39<!-- --> (<!-- -->0x27<!-- -->)<p>Argo.
<h2 class="anchor" id=subops>Sub-ops<a href=#subops class=hash-link aria-hidden=true>&#8203;</a></h2>
<h3 class=anchor id=subop-XEN_ARGO_OP_register_ring><code>XEN_ARGO_OP_register_ring</code> = 1</h3>
<p>Takes <code>XEN_GUEST_HANDLE(xen_argo_register_ring_t)</code> and <code>len</code>, see <code>XEN_ARGO_OP_register_ring</code>.
<div class=struct_x id=struct-xen_argo_register_ring_t><h3><code>xen_argo_register_ring_t</code></h3><p>Argument.</div>
<p>Uses <code>xen_argo_ring_t</code>.
<pre><code><span>const x = 1;</span></code></pre>
<div class="theme-doc-toc-desktop"><div><a href=#subops><code>TOC_ONLY</code></a></div></div>
</article></main><footer><code>FOOTER_ONLY</code></footer></body></html>`;

describe("extractPage", () => {
  const page = extractPage(HYPERCALL);
  const texts = page.entries.map((e) => `${e.rank}:${e.text}@${e.anchor}`);

  it("takes the h1 as the title and the ids line's name and numbers as title entries", () => {
    expect(page.title).toBe("argo_op hypercall 39");
    expect(texts).toEqual(
      expect.arrayContaining([
        "title:argo_op hypercall 39@",
        "title:argo_op@",
        "title:__HYPERVISOR_argo_op@",
        "title:39@",
        "title:0x27@",
      ]),
    );
  });

  it("gives headings their anchor, and a heading's code name an entry of its own", () => {
    expect(texts).toContain("heading:Sub-ops@subops");
    expect(texts).toContain(
      "heading:XEN_ARGO_OP_register_ring = 1@subop-XEN_ARGO_OP_register_ring",
    );
    expect(texts).toContain("heading:XEN_ARGO_OP_register_ring@subop-XEN_ARGO_OP_register_ring");
  });

  it("anchors a struct heading at its section's id", () => {
    expect(texts).toContain("heading:xen_argo_register_ring_t@struct-xen_argo_register_ring_t");
  });

  it("keeps identifiers in code, not code blocks, calls or names a heading already has", () => {
    expect(texts).toContain("code:len@subop-XEN_ARGO_OP_register_ring");
    expect(texts).toContain("code:xen_argo_ring_t@struct-xen_argo_register_ring_t");
    expect(texts.filter((t) => t.startsWith("code:XEN_ARGO_OP_register_ring"))).toEqual([]);
    expect(texts.some((t) => t.includes("XEN_GUEST_HANDLE"))).toBe(false);
    expect(texts.some((t) => t.includes("const x"))).toBe(false);
  });

  it("reads only <main>, without its table of contents", () => {
    for (const outside of ["NAVBAR_ONLY", "FOOTER_ONLY", "TOC_ONLY"])
      expect(texts.some((t) => t.includes(outside))).toBe(false);
  });

  it("falls back to <title> without an h1", () => {
    expect(extractPage("<title>Playground | xen-abi</title><main><p>x</main>").title).toBe(
      "Playground",
    );
  });
});

describe("kindOf", () => {
  it("puts hypercall pages first and the API reference last", () => {
    expect(kindOf("/hypercalls/argo_op")).toBe("hypercall");
    expect(kindOf("/hypercalls")).toBe("docs");
    expect(kindOf("/abi/aarch32")).toBe("abi");
    expect(kindOf("/docs/argo-guide")).toBe("docs");
    expect(kindOf("/guidelines/G001")).toBe("guideline");
    expect(kindOf("/api/abi-core/src")).toBe("api");
    expect(kindOf("/playground")).toBe("page");
  });
});
