/**
 * Every citation of Xen's source on the site (`xen/arch/arm/vsmc.c: handle_arch`) links to the
 * file at a release's tag (issue 14 item 9): the generated pages' at the page's release, the
 * Markdown docs' and TypeDoc pages' at the newest modelled release, which those pages say
 * (plugins/xen-source). Two checks: over the built HTML of every page, no citation outside a
 * link, every docs or API page with links carries the note naming their tag, and every link
 * names a file recorded at its tag (plugins/xen-source/xen-paths.json, as the build checks);
 * in the browser at 390 and 1280 px, the links go to xenbits at the right tag, fit the page,
 * and a page about an older release links that release's tag.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { SITE } from "./harness.mjs";
import { WIDTHS } from "./measure.mjs";
import { readKnownPaths, unknownLinks, xenLinksIn } from "../plugins/xen-source/links.mjs";

const BUILD = join(SITE, "build");
const CITATION = /\bxen\/[\w./-]*\w\.(?:c|h|S)\b(?!\.\w)/g;
/** The pages about one release, whose citations link that release's tag. */
const GENERATED = /^(?:\d+\.\d+\.\d+\/)?(?:hypercalls\/|abi\/|guidelines\/|releases\.html)/;

const walk = (dir) =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });

/** The citations in `html`'s text that are not inside a link to Xen's source. */
export function unlinkedCitations(html) {
  const text = html
    .replace(/<a [^>]*data-xen-source[^>]*>[\s\S]*?<\/a>/g, "")
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/g, "")
    .replace(/<[^>]*>/g, "");
  return [...text.matchAll(CITATION)].map((m) => m[0]);
}

function staticCheck(record) {
  const problems = [];
  const known = readKnownPaths(SITE);
  const files = walk(BUILD)
    .map((f) => relative(BUILD, f))
    .filter((f) => f.endsWith(".html"));
  let links = 0;
  let pages = 0;
  for (const f of files) {
    const html = readFileSync(join(BUILD, f), "utf8");
    const n = (html.match(/data-xen-source=/g) ?? []).length;
    links += n;
    if (n > 0) pages++;
    const bare = unlinkedCitations(html);
    if (bare.length > 0) problems.push(`${f}: ${bare.length} unlinked, first ${bare[0]}`);
    // A docs or API page links the newest release and says so.
    if (n > 0 && !GENERATED.test(f) && !/data-xen-source-note=/.test(html))
      problems.push(`${f}: links to Xen's source without the note naming their tag`);
    for (const l of unknownLinks(xenLinksIn(html), known))
      problems.push(`${f}: ${l.path} is not recorded at ${l.tag}`);
  }
  for (const [f, want] of [
    ["docs/checked-against-real-xen.html", "xen/common/page_alloc.c"],
    ["api/abi-core/interfaces/CheckRecord.html", "xen/common/argo.c"],
  ])
    if (!readFileSync(join(BUILD, f), "utf8").includes(`data-xen-source=${want}`))
      problems.push(`${f}: no link to ${want}`);
  if (links === 0) problems.push("no links to Xen's source at all");
  console.log(`citations: ${files.length} pages, ${links} links to Xen's source on ${pages}`);
  record("citations: every citation on every page links to Xen's source at a tag", problems);
}

const LINK = "a[data-xen-source='xen/arch/arm/vsmc.c']";
const url = (release) =>
  `https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=xen/arch/arm/vsmc.c;hb=RELEASE-${release}`;

export async function citationsTest(open, origin, record) {
  staticCheck(record);
  for (const width of WIDTHS) {
    const { page, problems } = await open();
    await page.setViewportSize({ width, height: 900 });
    for (const [path, release] of [
      ["/abi/aarch64", "4.22.0"],
      ["/4.12.0/abi/aarch64", "4.12.0"],
    ]) {
      await page.goto(`${origin}${path}`);
      const link = page.locator(LINK).first();
      const href = await link.getAttribute("href").catch(() => null);
      if (href !== url(release)) problems.push(`${path}: vsmc.c links to ${href}`);
      await link.scrollIntoViewIfNeeded().catch(() => undefined);
      const box = await link.boundingBox();
      if (!box || box.x < 0 || box.x + box.width > width)
        problems.push(`${path}: the link is outside the page: ${JSON.stringify(box)}`);
    }
    await page.close();
    record(`citations at ${width} px: links to xenbits at the page's release`, problems);
  }
}
