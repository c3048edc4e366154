/**
 * Remark plugin: every citation of Xen's source in a Markdown or MDX page
 * (`xen/common/argo.c: do_argo_op`, in prose or in inline code) becomes a link to that file at
 * a release's tag on xenbits, as the generated pages' citations are (src/components/XenSource).
 * The docs and TypeDoc's pages describe no one release: they link the newest release the
 * machine models, and a note at the page's end says so (issue 14 item 9); a citation that
 * names its release (`... create_domUs in 4.17`) links that release's file.
 */
import { splitCitations, xenSourceUrl } from "../../src/components/XenSource/cite";

/** The few mdast fields this plugin reads and writes. */
export interface MdNode {
  type: string;
  value?: string;
  url?: string;
  title?: string | null;
  children?: MdNode[];
  data?: { hProperties?: Record<string, string> };
}

export interface XenSourceOptions {
  /** The release the links go to: `4.22.0` links tag RELEASE-4.22.0. */
  readonly release: string;
}

/** Nodes whose text is not prose to link: links already, code blocks, raw HTML, ESM, math. */
const SKIP = new Set([
  "link",
  "linkReference",
  "definition",
  "code",
  "html",
  "mdxjsEsm",
  "mdxFlowExpression",
  "mdxTextExpression",
  "math",
  "inlineMath",
]);

/** A link to `path` at `release` around `children`, marked as a citation for the tests. */
function citationLink(path: string, release: string, children: MdNode[]): MdNode {
  return {
    type: "link",
    url: xenSourceUrl(path, release),
    title: `${path} in Xen ${release}`,
    children,
    data: { hProperties: { "data-xen-source": path } },
  };
}

/** `node` (text or inline code) as it reads with its citations linked; null when it has none. */
function linked(node: MdNode, release: string): MdNode[] | null {
  const parts = splitCitations(node.value ?? "");
  if (!parts.some((p) => typeof p !== "string")) return null;
  const piece = (value: string): MdNode => ({ type: node.type, value });
  return parts.map((p) =>
    typeof p === "string" ? piece(p) : citationLink(p.path, p.release ?? release, [piece(p.text)]),
  );
}

/** Link the citations under `parent`; returns how many it linked. */
function linkUnder(parent: MdNode, release: string): number {
  let n = 0;
  const out: MdNode[] = [];
  for (const child of parent.children ?? []) {
    if (SKIP.has(child.type)) {
      out.push(child);
      continue;
    }
    if (child.type === "text" || child.type === "inlineCode") {
      const parts = linked(child, release);
      if (parts) {
        n += parts.filter((p) => p.type === "link").length;
        out.push(...parts);
      } else out.push(child);
      continue;
    }
    if (child.children) n += linkUnder(child, release);
    out.push(child);
  }
  if (parent.children) parent.children = out;
  return n;
}

/** The closing note of a page with links to Xen's source: which tag they go to, and why. */
function releaseNote(release: string): MdNode {
  return {
    type: "paragraph",
    data: { hProperties: { "data-xen-source-note": release } },
    children: [
      {
        type: "emphasis",
        children: [
          {
            type: "text",
            value:
              `Links to Xen's source on this page go to the files at tag RELEASE-${release}, ` +
              "the newest release the reference machine models, except where a citation " +
              "names its release.",
          },
        ],
      },
    ],
  };
}

/** The remark plugin: `[xenSource, { release: "4.22.0" }]` in a docs plugin's remarkPlugins. */
export default function xenSource(options: XenSourceOptions): (tree: MdNode) => void {
  // Checked once, here: a bad release would otherwise fail on the first citation only.
  xenSourceUrl("xen/common/kernel.c", options.release);
  return (tree) => {
    if (linkUnder(tree, options.release) > 0) tree.children?.push(releaseNote(options.release));
  };
}
